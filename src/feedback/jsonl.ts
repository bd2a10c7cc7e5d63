/**
 * Versioned JSONL export/import of a feedback store. Line 1 is a header
 * `{kind: 'rewardlab-feedback', version: 2, queries, feedback, records, sha256}`; then one line
 * per query (`{type: 'query', …}`) and one per answer (`{type: 'feedback', …, checksum}`).
 * `records` counts the lines after the header and `sha256` hashes their canonical JSON, one per
 * line in file order, so a file cut at a line boundary, with a line duplicated, dropped,
 * reordered or edited is refused. Import validates EVERY line, the count and the checksum first
 * and then writes all of it in one transaction: a bad file changes nothing. Version 1 files
 * (no checksum) are still read, their per-type counts checked.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { DataFormatError, show } from '../core/errors.js';
import { FEEDBACK_KINDS, canonical, checkAnswer, recordChecksum, type FeedbackKind, type FeedbackRecord, type QueryRecord } from './records.js';
import type { FeedbackStore } from './feedback-store.js';

const KIND = 'rewardlab-feedback';
const VERSION = 2;
/** Versions this code reads: 1 (counts only) and 2 (counts + records checksum). */
const READABLE = [1, 2];

/** sha256 over the canonical JSON of each record, newline-terminated, in order. */
export function recordsChecksum(records: readonly unknown[]): string {
  const hash = createHash('sha256');
  for (const r of records) hash.update(`${canonical(r)}\n`);
  return hash.digest('hex');
}

/** The export file's text: header, then every query, then every answer. */
export function formatExport(queries: readonly QueryRecord[], feedback: readonly FeedbackRecord[]): string {
  const lines = [...queries.map((q) => ({ type: 'query', ...q })), ...feedback.map((f) => ({ type: 'feedback', ...f }))].map((r) => JSON.stringify(r));
  const sha256 = recordsChecksum(lines.map((l) => JSON.parse(l))); // exactly what a reader parses back
  const header = { kind: KIND, version: VERSION, queries: queries.length, feedback: feedback.length, records: lines.length, sha256 };
  return `${[JSON.stringify(header), ...lines].join('\n')}\n`;
}

/** Write an export atomically (temp file + rename): a crash never leaves a plausible half file. */
export async function exportJsonl(store: FeedbackStore, path: string): Promise<{ queries: number; feedback: number }> {
  const queries = await store.queries();
  const feedback = await store.feedback();
  writeFileSync(`${path}.tmp`, formatExport(queries, feedback));
  renameSync(`${path}.tmp`, path);
  return { queries: queries.length, feedback: feedback.length };
}

export interface ParsedExport {
  queries: QueryRecord[];
  feedback: FeedbackRecord[];
}

/** Parse and validate an export; errors name the line number and the field. */
export function parseJsonl(path: string): ParsedExport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DataFormatError(`${show(path)}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const lines = text.split('\n').filter((l, i, all) => l.trim() !== '' || i < all.length - 1);
  const at = (n: number) => `${path} line ${n}`;
  const parse = (line: string, n: number): Record<string, unknown> => {
    try {
      const v = JSON.parse(line);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
      return v;
    } catch (e) {
      throw new DataFormatError(`${at(n)}: is not a JSON object (${(e as Error).message})`);
    }
  };
  if (lines.length === 0) throw new DataFormatError(`${show(path)}: is empty; expected a {kind: "${KIND}"} header line`);
  const header = parse(lines[0], 1);
  if (header.kind !== KIND) throw new DataFormatError(`${at(1)}: kind = ${show(header.kind)}, expected ${show(KIND)}`);
  if (!READABLE.includes(header.version as number)) throw new DataFormatError(`${at(1)}: version = ${show(header.version)}, this RewardLab reads versions ${READABLE.join(' and ')}`);
  const out: ParsedExport = { queries: [], feedback: [] };
  const records: Record<string, unknown>[] = [];
  const queryKinds = new Map<string, FeedbackKind>();
  lines.slice(1).forEach((line, i) => {
    const n = i + 2;
    if (line.trim() === '') throw new DataFormatError(`${at(n)}: is empty`);
    const rec = parse(line, n);
    records.push(rec);
    const kind = rec.kind as FeedbackKind;
    if (!FEEDBACK_KINDS.includes(kind)) throw new DataFormatError(`${at(n)}: kind = ${show(rec.kind)} must be one of ${FEEDBACK_KINDS.join(', ')}`);
    if (rec.type === 'query') {
      if (typeof rec.id !== 'string' || !rec.id) throw new DataFormatError(`${at(n)}: id = ${show(rec.id)} must be a non-empty string`);
      queryKinds.set(rec.id, kind);
      out.queries.push({ id: rec.id, kind, payload: rec.payload, createdAt: Number(rec.createdAt) || 0 });
    } else if (rec.type === 'feedback') {
      const f = rec as unknown as FeedbackRecord;
      for (const [field, ok] of [['seq', Number.isInteger(f.seq)], ['queryId', typeof f.queryId === 'string'], ['labeler', typeof f.labeler === 'string' && f.labeler.length > 0], ['createdAt', typeof f.createdAt === 'number'], ['checksum', typeof f.checksum === 'string']] as const) {
        if (!ok) throw new DataFormatError(`${at(n)}: ${field} = ${show((rec as Record<string, unknown>)[field])} is missing or has the wrong type`);
      }
      checkAnswer(kind, f.answer, at(n));
      if (recordChecksum(f) !== f.checksum) throw new DataFormatError(`${at(n)}: checksum does not match the record (edited or corrupted)`);
      if (queryKinds.get(f.queryId) === undefined) throw new DataFormatError(`${at(n)}: queryId = ${show(f.queryId)} is not defined on an earlier line`);
      out.feedback.push({ seq: f.seq, queryId: f.queryId, kind, labeler: f.labeler, answer: f.answer, createdAt: f.createdAt, checksum: f.checksum });
    } else throw new DataFormatError(`${at(n)}: type = ${show(rec.type)} must be "query" or "feedback"`);
  });
  checkWhole(path, header, records, out);
  return out;
}

/** The header's counts (and, from version 2, its checksum) against what the file holds. */
function checkWhole(path: string, header: Record<string, unknown>, records: Record<string, unknown>[], found: ParsedExport): void {
  const refuse = (what: string) => new DataFormatError(`${show(path)}: ${what}; the file is truncated, or lines were dropped, duplicated, reordered or edited — nothing imported`);
  const expected = header.version === 1 ? { queries: header.queries, feedback: header.feedback } : { records: header.records, queries: header.queries, feedback: header.feedback };
  for (const [field, value] of Object.entries(expected)) {
    if (!Number.isSafeInteger(value) || (value as number) < 0) throw new DataFormatError(`${show(path)} line 1: ${field} = ${show(value)} must be a count (a non-negative integer)`);
  }
  const counts = { records: records.length, queries: found.queries.length, feedback: found.feedback.length };
  for (const [field, value] of Object.entries(expected)) {
    const have = counts[field as keyof typeof counts];
    if (have !== value) throw refuse(`the header announces ${value} ${field === 'records' ? 'records' : field === 'queries' ? 'queries' : 'answers'} but the file holds ${have}`);
  }
  if (header.version === 1) return;
  if (typeof header.sha256 !== 'string') throw new DataFormatError(`${show(path)} line 1: sha256 = ${show(header.sha256)} must be the records' checksum (version 2)`);
  const actual = recordsChecksum(records);
  if (actual !== header.sha256) throw refuse(`the records' sha256 is ${actual.slice(0, 12)}…, the header says ${header.sha256.slice(0, 12)}…`);
}

/** Import an export into a store, all or nothing. Answers already present (same query, labeler, answer) are skipped. */
export async function importJsonl(store: FeedbackStore, path: string): Promise<{ queries: number; feedback: number; skipped: number }> {
  const parsed = parseJsonl(path);
  return store.importRecords(parsed.queries, parsed.feedback);
}
