/**
 * Every experiment `rewardlab experiment <name>` can run, in the order `--help` lists them.
 * To add one: write src/experiments/<name>.ts exporting an `Experiment`, add it to this list.
 */
import type { Experiment } from './kit/experiment.js';
import { recursive } from './recursive/recursive.js';
import { frozenHacking } from './frozen-hacking/frozen-hacking.js';
import { distributionalShift } from './distributional-shift/distributional-shift.js';
import { proxyVsRm } from './proxy-vs-rm/proxy-vs-rm.js';
import { unacceptableOutcomes } from './unacceptable-outcomes/unacceptable-outcomes.js';
import { seeds } from './seeds/seeds.js';
import { tampering } from './tampering/tampering.js';
import { calibration } from './calibration/calibration.js';
import { blocker } from './blocker/blocker.js';
import { planApproval } from './plan-approval/plan-approval.js';
import { inductiveBias } from './inductive-bias/inductive-bias.js';
import { activeLearning } from './active-learning/active-learning.js';
import { overOptimisation } from './over-optimisation/over-optimisation.js';
import { hypotheticalQueries } from './hypothetical-states/hypothetical-states.js';
import { feedbackMix } from './feedback-mix/feedback-mix.js';
import { hierarchy } from './hierarchy/hierarchy.js';

export const EXPERIMENTS: Experiment[] = [proxyVsRm, frozenHacking, distributionalShift, unacceptableOutcomes, recursive, seeds, tampering, calibration, planApproval, blocker, inductiveBias, activeLearning, overOptimisation, hypotheticalQueries, feedbackMix, hierarchy];

export function findExperiment(name: string | undefined): Experiment | undefined {
  return EXPERIMENTS.find((e) => e.name === name);
}
