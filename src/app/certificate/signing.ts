/**
 * Ed25519 signatures over a certificate (node:crypto, keys in PEM). What is signed is the DSSE
 * pre-authentication encoding (https://github.com/secure-systems-lab/dsse) of the statement's
 * canonical JSON — `DSSEv1 <len type> <type> <len body> <body>` — so a signature covers every
 * subject and every claim, and any edit, reordering of keys aside, breaks it.
 *
 *   openssl genpkey -algorithm ed25519 -out key.pem && openssl pkey -in key.pem -pubout -out key.pub.pem
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../core/errors.js';
import { canonicalJson } from './canonical-json.js';
import { PAYLOAD_TYPE, type Certificate, type Signature, type Statement } from './statement.js';
import { sha256Hex } from './subjects.js';

/** The statement without its signatures: what a signature covers. */
export function unsignedStatement(c: Certificate): Statement {
  const { signatures: _signatures, ...statement } = c;
  return statement;
}

/** DSSE v1 pre-authentication encoding of the statement's canonical JSON. */
export function signedBytes(statement: Statement): Buffer {
  const body = Buffer.from(canonicalJson(statement), 'utf8');
  const type = Buffer.from(PAYLOAD_TYPE, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${body.length} `), body]);
}

function readPem(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(flag, file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function checkEd25519(key: KeyObject, flag: string, file: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(flag, file, `is a ${key.asymmetricKeyType ?? 'symmetric'} key; an Ed25519 key is needed (openssl genpkey -algorithm ed25519)`);
  return key;
}

export function readPrivateKey(file: string, flag = '--key'): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(readPem(file, flag));
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(flag, file, `is not a PEM private key (${(e as Error).message})`);
  }
  return checkEd25519(key, flag, file);
}

/** A public key from a PEM public key (or a private key, whose public half is used). */
export function readPublicKey(file: string, flag = '--public-key'): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(readPem(file, flag));
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(flag, file, `is not a PEM public key (${(e as Error).message})`);
  }
  return checkEd25519(key, flag, file);
}

/** sha256 (hex) of the public key's SPKI DER: the signature's keyid. */
export function keyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return sha256Hex(pub.export({ type: 'spki', format: 'der' }));
}

export function signStatement(statement: Statement, privateKey: KeyObject): Signature {
  return { keyid: keyId(privateKey), alg: 'ed25519', sig: sign(null, signedBytes(statement), privateKey).toString('base64') };
}

/** Whether one of the certificate's signatures is a valid Ed25519 signature by `publicKey` over its statement. */
export function checkSignatures(c: Certificate, publicKey: KeyObject): { ok: boolean; detail: string } {
  const sigs = c.signatures ?? [];
  if (sigs.length === 0) return { ok: false, detail: 'the certificate is unsigned' };
  const id = keyId(publicKey);
  const bytes = signedBytes(unsignedStatement(c));
  const mine = sigs.filter((s) => s.keyid === id);
  if (mine.length === 0) return { ok: false, detail: `no signature by key ${id.slice(0, 16)}… (signed by ${sigs.map((s) => `${s.keyid.slice(0, 16)}…`).join(', ')})` };
  const good = mine.some((s) => {
    try {
      return verify(null, bytes, publicKey, Buffer.from(s.sig, 'base64'));
    } catch {
      return false;
    }
  });
  return good ? { ok: true, detail: `valid Ed25519 signature by key ${id.slice(0, 16)}…` } : { ok: false, detail: `the signature by key ${id.slice(0, 16)}… does not match the certificate's content (it was changed after signing)` };
}
