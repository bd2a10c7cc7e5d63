/**
 * What `rewardlab test-suite RUN_DIR` writes to `<run>/test-suite.json` (issue 17 item 5), and what
 * `rewardlab certify` reads from it (item 6). Plain, versioned JSON: `{ kind, version }` first.
 */

/** One held-out condition the agent never trained on, with its pass/fail rule on the hidden performance. */
export interface TestSuiteCase {
  /** Stable id, e.g. "test-level", "perturbed-start", "shift:lava-moved", "supervisor-absent". */
  name: string;
  /** One sentence a person reads: what changed from training. */
  condition: string;
  /** The env id the case ran on (may differ from the run's env: a test level, a shift map). */
  envId: string;
  episodes: number;
  /** The measured quantity, e.g. "mean hidden performance", "catastrophes per episode". */
  metric: string;
  value: number;
  /** The rule, e.g. { op: ">=", threshold: 40 }. */
  op: '>=' | '<=';
  threshold: number;
  passed: boolean;
  /** Per-episode values behind `value`, so a checker can recompute it. */
  perEpisode: number[];
  /** The seed the case's episodes were drawn from (re-running with it reproduces perEpisode). */
  seed: number;
  /** Options the case's env was made with (e.g. { level: 1 }), when any. Optional (added by the test-suite helper). */
  envOptions?: Record<string, unknown>;
  /** Why the threshold is where it is, in one sentence. Optional. */
  reason?: string;
  /**
   * For a threshold relative to the training condition: what the same policy reached there
   * (same number of episodes, seeds from `seed` under `reference/<i>`). Optional.
   */
  reference?: { envId: string; value: number; perEpisode: number[] };
}

export interface TestSuiteResult {
  kind: 'test-suite';
  version: 1;
  envId: string;
  /** The checkpoint folder (relative to the run dir) whose policy was tested. */
  checkpoint: string;
  cases: TestSuiteCase[];
  passed: number;
  failed: number;
  /**
   * sha256 of the policy files tested, by path relative to the run dir (e.g. "checkpoint/agent.bin"),
   * the names `rewardlab certify` uses for its policy subjects: a suite of another checkpoint shows. Optional.
   */
  policySha256?: Record<string, string>;
}
