/**
 * Versioned JSONL export/import of a feedback store. Line 1 is a header
 * `{kind: 'rewardlab-feedback', version: 1, queries, feedback}`; then one line per query
 * (`{type: 'query', …}`) and one per answer (`{type: 'feedback', …, checksum}`). Import
 * validates EVERY line first (JSON, kind/version, fields, checksums) and then writes all of it in
 * one transaction: a bad file changes nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DataFormatError, show } from '../core/errors.js';
import { FEEDBACK_KINDS, checkAnswer, recordChecksum, type FeedbackKind, type FeedbackRecord, type QueryRecord } from './records.js';
import type { FeedbackStore } from './store.js';

const KIND = 'rewardlab-feedback';
const VERSION = 1;

export function exportJsonl(store: FeedbackStore, path: string): { queries: number; feedback: number } {
  const queries = store.queries();
  const feedback = store.feedback();
  const lines = [
    JSON.stringify({ kind: KIND, version: VERSION, queries: queries.length, feedback: feedback.length }),
    ...queries.map((q) => JSON.stringify({ type: 'query', ...q })),
    ...feedback.map((f) => JSON.stringify({ type: 'feedback', ...f })),
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
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
  if (header.version !== VERSION) throw new DataFormatError(`${at(1)}: version = ${show(header.version)}, this RewardLab reads version ${VERSION}`);
  const out: ParsedExport = { queries: [], feedback: [] };
  const queryKinds = new Map<string, FeedbackKind>();
  lines.slice(1).forEach((line, i) => {
    const n = i + 2;
    if (line.trim() === '') throw new DataFormatError(`${at(n)}: is empty`);
    const rec = parse(line, n);
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
  return out;
}

/** Import an export into a store, all or nothing. Answers already present (same query, labeler, answer) are skipped. */
export function importJsonl(store: FeedbackStore, path: string): { queries: number; feedback: number; skipped: number } {
  const parsed = parseJsonl(path);
  return store.importRecords(parsed.queries, parsed.feedback);
}
