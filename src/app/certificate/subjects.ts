/**
 * The certificate's subjects: sha256 of the reward-model weights, the policy weights (each a
 * bundle: `<name>.bin` tensors and `<name>.json` header with normalisation statistics), the
 * feedback dataset and the resolved config. The dataset's digest is over its records — exactly
 * the `sha256` in the header of `rewardlab feedback export` — so it does not depend on how
 * SQLite lays out pages, and works for a PostgreSQL store too.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../core/errors.js';
import type { FeedbackStore } from '../../feedback/feedback-store.js';
import { formatExport } from '../../feedback/jsonl.js';
import type { RunInputs } from './run-inputs.js';
import type { Subject, SubjectRole } from './statement.js';

export const FEEDBACK_SUBJECT = 'feedback dataset';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The files that make up a run's certified artefacts, relative to the run dir, with their roles. */
export function subjectFiles(inputs: Pick<RunInputs, 'checkpoint'>): { name: string; role: SubjectRole }[] {
  const ck = inputs.checkpoint;
  return [
    { name: join(ck, 'reward-model.bin'), role: 'reward-model weights' },
    { name: join(ck, 'reward-model.json'), role: 'reward-model weights' },
    { name: join(ck, 'agent.bin'), role: 'policy weights' },
    { name: join(ck, 'agent.json'), role: 'policy weights' },
    { name: 'config.json', role: 'resolved config' },
  ];
}

/** sha256 of one file under the run dir; null when it cannot be read. */
export function hashRunFile(dir: string, name: string): { sha256: string; bytes: number } | null {
  let data: Buffer;
  try {
    data = readFileSync(join(dir, name));
  } catch {
    return null;
  }
  return { sha256: sha256Hex(data), bytes: data.byteLength };
}

/** The feedback dataset's digest: the records checksum `rewardlab feedback export` writes. */
export async function feedbackDigest(store: FeedbackStore): Promise<{ sha256: string; queries: number; answers: number }> {
  const queries = await store.queries();
  const answers = await store.feedback();
  const header = JSON.parse(formatExport(queries, answers).split('\n', 1)[0]!) as { sha256: string };
  return { sha256: header.sha256, queries: queries.length, answers: answers.length };
}

export async function collectSubjects(inputs: RunInputs, store: FeedbackStore): Promise<Subject[]> {
  const files = subjectFiles(inputs).map(({ name, role }): Subject => {
    const h = hashRunFile(inputs.dir, name);
    if (!h) throw new DataFormatError(`${join(inputs.dir, name)}: cannot be read; the run's ${role} must exist to be certified`);
    return { name, digest: { sha256: h.sha256 }, annotations: { role, bytes: h.bytes } };
  });
  const fb = await feedbackDigest(store);
  const feedback: Subject = {
    name: FEEDBACK_SUBJECT,
    digest: { sha256: fb.sha256 },
    annotations: { role: 'feedback dataset', note: `${fb.queries} queries and ${fb.answers} answers in ${inputs.storeLocation === join(inputs.dir, 'feedback.sqlite') ? 'feedback.sqlite' : 'the run\'s store'}; the digest is the records checksum of \`rewardlab feedback export\`` },
  };
  return [...files, feedback];
}
