/**
 * Tensor bundle format (no Node imports, so the browser can load models too):
 * `NAME.json` = `{kind, version, meta, tensors: {name: {offset, length}}, bin, bytes, sha256}`,
 * `NAME.bin` = little-endian float32 data of all tensors back to back.
 */
import { DataFormatError, show } from '../core/errors.js';

export interface BundleHeader<M> {
  kind: string;
  version: number;
  meta: M;
  tensors: Record<string, { offset: number; length: number }>;
  bin: string;
  bytes: number;
  sha256: string;
}

export interface Bundle<M> {
  kind: string;
  version: number;
  meta: M;
  tensors: Record<string, Float32Array>;
}

export function decodeBundle<M>(header: BundleHeader<M>, data: ArrayBuffer | Uint8Array, source = 'bundle'): Bundle<M> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength !== header.bytes) throw new DataFormatError(`${source}: weights file has ${bytes.byteLength} bytes, header says ${header.bytes}`);
  const copy = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(copy.buffer).set(bytes);
  const tensors: Record<string, Float32Array> = {};
  for (const [name, { offset, length }] of Object.entries(header.tensors)) {
    if (offset + length > copy.length) throw new DataFormatError(`${source}: tensor ${show(name)} runs past the end of the weights`);
    tensors[name] = copy.slice(offset, offset + length);
  }
  return { kind: header.kind, version: header.version, meta: header.meta, tensors };
}

