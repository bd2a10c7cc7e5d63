/**
 * The certificate's shape: an in-toto Statement v1 (https://in-toto.io/Statement/v1) whose
 * subjects are the run's artefacts by sha256 and whose predicate holds every claim RewardLab
 * makes about them. `certificate.json` is this statement, plus an optional `signatures` list
 * (Ed25519 over the DSSE pre-authentication encoding of the statement's canonical JSON).
 */
import type { Interval } from '../../analysis/confidence.js';
import type { TestSuiteResult } from '../test-suite-types.js';
import type { WitnessReport } from '../../verify/verify-reward-model.js';
import type { GridCounterexample } from '../../analysis/exact/verify-gridworld.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = 'https://rewardlab.dev/certificate/v1';
/** The DSSE payload type the signature covers. */
export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** What a subject is, for people and for the checker's messages. */
export type SubjectRole = 'reward-model weights' | 'policy weights' | 'feedback dataset' | 'resolved config';

/** An in-toto ResourceDescriptor: a name (a path relative to the run dir), its digest, our role. */
export interface Subject {
  name: string;
  digest: { sha256: string };
  annotations: { role: SubjectRole; bytes?: number; note?: string };
}

/** A claim left out of the certificate, and why (e.g. no test-suite.json in the run). */
export interface AbsentPredicate {
  name: PredicateName;
  reason: string;
}

export type PredicateName = 'testSuite' | 'verification' | 'heldOutAccuracy' | 'evaluation';

/** One property's outcome for one model (the ensemble mean or a member). */
export interface PropertyOutcome {
  model: string;
  status: 'proved' | 'refuted' | 'unknown';
  /** How it was decided, e.g. "branch and bound over CROWN bounds, 12 boxes". */
  method: string;
  boxes: number;
  /** For "refuted": the violating point(s), with the verified function's and the model's own value. */
  counterexample?: WitnessReport[];
  /** Gridworld runs (exhaustive over every reachable transition), for "refuted": the violating transitions. */
  transitions?: GridCounterexample[];
}

export interface VerificationPredicate {
  /** The property spec as verified (embedded, so the checker needs no other file). */
  spec: unknown;
  /** sha256 of the spec's canonical JSON. */
  specSha256: string;
  /** Boxes branch and bound could split per property and model; the checker uses the same. */
  maxBoxes: number;
  members: boolean;
  properties: { name: string; kind: string; results: PropertyOutcome[] }[];
}

export interface HeldOutAccuracyPredicate {
  /** Held-out answers folded into the run's dataset at the checkpoint (ties included). */
  pairs: number;
  /** Of those, strict preferences (the accuracy's denominator) and how many the ensemble mean predicts. */
  strict: number;
  correct: number;
  accuracy: number | null;
  /** Two-sided exact (Clopper–Pearson) interval on the accuracy; null without strict held-out answers. */
  interval: Interval | null;
  /** What the run itself recorded at its last training round (informative; not re-checked). */
  recordedByRun: number | null;
}

export interface EvaluationPredicate {
  /** Greedy episodes of the certified policy on the run's env, seeds seed, seed+1, … */
  episodes: number;
  seed: number;
  /** True (hidden) return per episode, and hidden performance per episode. */
  returns: number[];
  performances: number[];
  meanReturn: number;
  /** Lower bound on the policy's expected true return (max of Hoeffding and empirical Bernstein), or null without a known return range. */
  returnLowerBound: Interval | null;
  returnRange: { min: number; max: number; source: string } | null;
  /** The same for the hidden performance, where the env has one that differs from its reward (gridworlds); null otherwise. */
  performanceLowerBound: Interval | null;
  performanceRange: { min: number; max: number; source: string } | null;
}

export interface CertificatePredicate {
  kind: 'rewardlab-certificate';
  version: 1;
  env: { envId: string; seed: number };
  /** The checkpoint folder (relative to the run dir) whose weights are the subjects. */
  checkpoint: string;
  testSuite: TestSuiteResult | null;
  verification: VerificationPredicate | null;
  heldOutAccuracy: HeldOutAccuracyPredicate | null;
  evaluation: EvaluationPredicate | null;
  absent: AbsentPredicate[];
}

export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: typeof PREDICATE_TYPE;
  predicate: CertificatePredicate;
}

export interface Signature {
  /** sha256 (hex) of the public key's SPKI DER encoding. */
  keyid: string;
  alg: 'ed25519';
  /** base64 Ed25519 signature over the DSSE pre-authentication encoding. */
  sig: string;
}

export type Certificate = Statement & { signatures?: Signature[] };
