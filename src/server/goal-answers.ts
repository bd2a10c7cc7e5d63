/**
 * Goal-marking answers on the labeling server: a person marks the frames of a goal query's clip
 * that look like "done" (`{ goalFrames: [...] }`, [] for "none of these"); the answer is checked
 * against the clip (every frame in 0…its last frame, named in the refusal) and stored as the
 * record the loop folds (src/feedback/goal-answer.ts: the clip's steps, ascending).
 */
import { goalAnswerFromFrames, type GoalAnswer } from '../feedback/goal-answer.js';
import type { FeedbackStore } from '../feedback/feedback-store.js';

/** The stored answer for a person's marked frames, or why the frames do not fit the query's clip. */
export async function goalRecordAnswer(store: FeedbackStore, queryId: string, frames: readonly number[]): Promise<{ answer: GoalAnswer } | { error: string }> {
  const query = await store.query(queryId);
  const steps = (query?.payload as { clip?: { actions?: unknown[] } } | undefined)?.clip?.actions?.length;
  const q = JSON.stringify(queryId);
  if (!steps) return { error: `query ${q} has no clip to mark` };
  for (const f of frames) if (!Number.isInteger(f) || f < 0 || f > steps) return { error: `answer.goalFrames: frame ${f} must be an integer in 0…${steps} (the clip of query ${q} has ${steps + 1} frames)` };
  if (new Set(frames).size !== frames.length) return { error: `answer.goalFrames = ${JSON.stringify(frames)} names a frame twice` };
  return { answer: goalAnswerFromFrames(frames, steps) };
}
