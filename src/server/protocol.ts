/**
 * The typed protocol between the labeling page and the server, validated on every request
 * with zod. The page (ui/app.js) speaks exactly these shapes.
 */
import { z } from 'zod';

export const LabelerName = z.string().trim().min(1).max(60);

export const ClaimRequest = z.object({ labeler: LabelerName }).strict();
export const AnswerRequest = z
  .object({
    queryId: z.string().min(1).max(500),
    labeler: LabelerName,
    answer: z.enum(['left', 'right', 'equal', 'cant-tell', 'skip']),
  })
  .strict();

export type ClaimRequest = z.infer<typeof ClaimRequest>;
export type AnswerRequest = z.infer<typeof AnswerRequest>;

/** What /api/status returns: counters for the queue and the dashboard. */
export interface StatusResponse {
  kind: 'rewardlab-status';
  version: 1;
  envId: string;
  pending: number;
  answered: number;
  byLabeler: Record<string, number>;
  /** Inter-labeler agreement over queries answered by several labelers (redundancy > 1). */
  agreement: { queries: number; agreeing: number; rate: number | null };
  /** Latest loop metrics (true/learned return, accuracy, labels) for the dashboard. */
  metrics: { iteration: number; globalStep: number; labels: number; trueReturn: number | null; learnedReturn: number | null; heldOutAccuracy: number | null }[];
}
