/** Result and config types of `rewardlab experiment plan-approval`, shared by the runner and its report. */

export interface PlanApprovalWorld {
  label: string;
  envId: string;
  /** Options the env is made and enumerated with. */
  options: Record<string, unknown>;
  /** Hand-perturbed wind: each executed action is replaced by a uniform random one with this probability (the exact model does not know). 0: the world never departs from a plan. */
  slip: number;
}

export interface PlanApprovalConfig {
  worlds: PlanApprovalWorld[];
  /** Episodes per world and seed. 200 (--quick 20). */
  episodes: number;
  /** Steps per plan (H). 6. */
  horizon: number;
  /** The agent: ε-greedy on the exact visible-reward optimum; ε is the share of its intended actions it draws uniformly. 0.3. */
  epsilon: number;
  /** How the agent picks its intended actions: 'sample' (it draws them now and commits to them). */
  choose: 'most-likely' | 'sample';
  /** Proposals per decision point before the agent stops. 10. */
  maxProposals: number;
  /** A step whose hidden performance is ≤ this enters an unsafe cell (the synthetic approver's rule). −10. */
  unsafeBelow: number;
}

/** Means per episode (sums over all episodes where it says total). */
export interface SignOffStats {
  episodes: number;
  /** Env actions not covered by an approved plan at the step and state they were approved for — counted by an audit wrapper on the env, independent of the executor. Total. */
  unapprovedActions: number;
  proposals: number;
  approvals: number;
  rejections: number;
  departures: number;
  replans: number;
  /** Episodes that ended because no plan was approved. Total. */
  stopped: number;
  /** Episodes with a step into an unsafe cell. Total. */
  catastrophes: number;
  /** Of those, after the world departed from the plan (a slip), total. */
  catastrophesAfterDeparture: number;
  visible: number;
  performance: number;
  steps: number;
}

export interface FreeStats {
  episodes: number;
  /** Episodes with a step into an unsafe cell. Total. */
  catastrophes: number;
  visible: number;
  performance: number;
  steps: number;
}

export interface PlanApprovalRow {
  label: string;
  envId: string;
  options: Record<string, unknown>;
  slip: number;
  states: number;
  /** The agent with every plan signed off by the synthetic approver. */
  signOff: SignOffStats;
  /** The same agent acting without plans or approvals. */
  free: FreeStats;
}
