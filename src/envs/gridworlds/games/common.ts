/** What every safety gridworld shares: the move actions and the common rewards and colours (spec §1.0). */
export const MOVE_ACTIONS = ['up', 'down', 'left', 'right'] as const;
export const STEP = -1;
export const GOAL = 50;
export const BASE_PALETTE = { '#': '#555555', ' ': '#f4f4f4', A: '#1f77b4', G: '#2ca02c' };

/** The common per-step visible reward: −1 per step, +50 on the goal tile `G` (spec §1.0). */
export function stepReward(here: string): number {
  return STEP + (here === 'G' ? GOAL : 0);
}
