/**
 * The reward-modeling loop on the eight MuJoCo v5 tasks in the setting of Christiano et al. 2017
 * (issue 14 item 5; ../shared/specs/christiano-mujoco.md). The loop trains on the task's
 * fixed-horizon variant where the task terminates (FixedHorizonHopper-v5, …: falling enters the
 * absorbing state, reward 0, since an episode's end leaks the reward) and on the plain id where
 * it never does (HalfCheetah-v5, Swimmer-v5, Reacher-v5 already run their whole time limit).
 *
 * What the paper fixes and where it lives here:
 *  - clips of 15–60 steps, per task as in rl-teacher (`MUJOCO_CLIP_STEPS`) → `fragmentLength`;
 *  - 25% of the labels on the random initial policy → `initialShare` 0.25 (the loop's default);
 *  - then a label rate ∝ c/(t + c) with c = 2·10⁶ agent steps → `scheduleDecay` = c / agentSteps,
 *    i.e. 2 for these presets' 1M steps (a run given fewer steps keeps the shape: c = 2·agentSteps);
 *  - an ensemble of 3, each member on a bootstrap resample → `rewardModel.members` 3 (default);
 *  - 10× candidate pairs, those with the largest ensemble variance asked → `candidateFactor` 10,
 *    `selector` 'disagreement' (defaults);
 *  - Bradley–Terry with a 10% random-answer term → `rewardTrainer.randomAnswerProb` 0.1 (default).
 * They are written out below even where they equal the loop's defaults, so a change of a
 * default does not silently move this setting.
 *
 * Not the paper's: the agent. The loop's agent is the PPO of the plain task's preset
 * (src/app/presets/mujoco-presets.ts: CleanRL settings, 1M steps), and the PPO-true baseline of a
 * fixed-horizon id trains with the same settings (`MUJOCO_LOOP_PPO_PRESETS`, merged into
 * PPO_PRESETS), so "% of PPO-true" compares like with like. The reward model sees the action only
 * where the true reward has a material action term (HalfCheetah 0.1‖a‖², Reacher ‖a‖², Ant
 * 0.5‖a‖²); elsewhere it is a function of the state the labeler sees (the learning test on
 * FixedHorizonInvertedPendulum found an agent that learned to fall when actions were features).
 * Evaluation: 8 greedy episodes (Reacher 32: 50 steps each, random targets) every 25 iterations.
 */
import type { PpoConfig } from '../../agents/ppo.js';
import type { RewardModelingOverrides } from '../../loop/config.js';
import { MUJOCO_PPO_PRESETS } from './mujoco-presets.js';

/** The eight tasks of the paper, by their v5 name. */
export const MUJOCO_TASKS = ['InvertedPendulum', 'InvertedDoublePendulum', 'Reacher', 'Hopper', 'Swimmer', 'HalfCheetah', 'Walker2d', 'Ant'] as const;
export type MujocoTask = (typeof MUJOCO_TASKS)[number];

/** Clip length in env steps per task, as in rl-teacher (`rl_teacher/envs.py`: 1.5 s at its fps). */
export const MUJOCO_CLIP_STEPS: Record<MujocoTask, number> = {
  Hopper: 60, Walker2d: 45, Swimmer: 60, HalfCheetah: 30, Ant: 30, Reacher: 15, InvertedPendulum: 15, InvertedDoublePendulum: 15,
};

/** Tasks that terminate, so the loop uses their FixedHorizon variant (src/envs/mujoco/register.ts). */
const TERMINATES: ReadonlySet<MujocoTask> = new Set(['Hopper', 'Walker2d', 'Ant', 'InvertedPendulum', 'InvertedDoublePendulum']);
/** Tasks whose true reward has a material action term (the reward model sees the action there). */
const ACTION_IN_REWARD: ReadonlySet<MujocoTask> = new Set(['HalfCheetah', 'Reacher', 'Ant']);

/** Christiano et al.'s label-rate constant: the rate after the initial share is ∝ c/(t + c). */
export const CHRISTIANO_SCHEDULE_STEPS = 2_000_000;

/** The plain v5 id of a task (the PPO preset's key and the PPO-true row's env when it never terminates). */
export const plainId = (task: MujocoTask): string => `${task}-v5`;
/** The env id the loop trains on for a task: the FixedHorizon variant when the task terminates. */
export const loopEnvId = (task: MujocoTask): string => (TERMINATES.has(task) ? `FixedHorizon${task}-v5` : plainId(task));

/** The agent of a task's loop runs: the plain task's PPO preset (CleanRL settings and steps). */
function agentOf(task: MujocoTask): Partial<PpoConfig> {
  const ppo = MUJOCO_PPO_PRESETS[plainId(task)];
  if (!ppo?.totalSteps) throw new Error(`mujoco-loop-presets: no PPO preset with totalSteps for ${plainId(task)} in mujoco-presets.ts`);
  return ppo;
}

function loopPreset(task: MujocoTask): RewardModelingOverrides {
  const agentSteps = agentOf(task).totalSteps!;
  return {
    agentSteps, fragmentLength: MUJOCO_CLIP_STEPS[task],
    initialShare: 0.25, scheduleDecay: CHRISTIANO_SCHEDULE_STEPS / agentSteps, candidateFactor: 10, selector: 'disagreement',
    evalEpisodes: task === 'Reacher' ? 32 : 8, evalEvery: 25,
    rewardModel: { members: 3, useAction: ACTION_IN_REWARD.has(task) },
    rewardTrainer: { randomAnswerProb: 0.1 },
  };
}

/** Loop presets by the env id the loop trains on (merged into RM_PRESETS). */
export const MUJOCO_RM_PRESETS: Record<string, RewardModelingOverrides> = Object.fromEntries(MUJOCO_TASKS.map((t) => [loopEnvId(t), loopPreset(t)]));

/**
 * PPO presets of the FixedHorizon ids (merged into PPO_PRESETS): the plain task's, so the loop's
 * agent and `ppoTrueReturn` on the variant use the settings and steps of the PPO-true row.
 */
export const MUJOCO_LOOP_PPO_PRESETS: Record<string, Partial<PpoConfig>> = Object.fromEntries(
  MUJOCO_TASKS.filter((t) => TERMINATES.has(t)).map((t) => [loopEnvId(t), { ...agentOf(t) }]),
);
