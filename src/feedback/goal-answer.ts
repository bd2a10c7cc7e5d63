/**
 * The stored answer of a 'goal' record: which steps of the query's clip (a 'fragment-clip'
 * payload) look like "done" — step t is the state the clip shows at frame t, the clip's last frame
 * counts as its last step — in the shape the synthetic goal marker answers (`goalSteps`); an empty
 * list is "none of these". Shared by whoever writes it (the labeling server for a person, the loop
 * for a synthetic marker) and the loop that folds it into goal examples (src/rewards/fold-feedback.ts).
 */
import { DataFormatError, show } from '../core/errors.js';

export interface GoalAnswer {
  goalSteps: number[];
}

/** Throws DataFormatError unless `a` is a goal answer for a clip of `steps` steps; `where` names it. */
export function checkGoalAnswer(a: unknown, steps: number, where: string): GoalAnswer {
  const g = a as GoalAnswer;
  if (!g || typeof g !== 'object' || !Array.isArray(g.goalSteps)) throw new DataFormatError(`${where}: answer = ${show(a)} must be { goalSteps: [step, …] } for a goal record`);
  for (const s of g.goalSteps) if (!Number.isInteger(s) || s < 0 || s >= steps) throw new DataFormatError(`${where}: goal step ${show(s)} must be an integer in 0…${steps - 1} (the clip has ${steps} steps)`);
  if (new Set(g.goalSteps).size !== g.goalSteps.length) throw new DataFormatError(`${where}: goalSteps = ${show(g.goalSteps)} names a step twice`);
  return g;
}

/** A person's marked frames (0…steps, the last frame standing for the last step) as the stored answer: unique steps, ascending. */
export function goalAnswerFromFrames(frames: readonly number[], steps: number): GoalAnswer {
  return { goalSteps: [...new Set(frames.map((f) => Math.min(f, steps - 1)))].sort((x, y) => x - y) };
}
