/**
 * Formal verification of the project's networks: interval (IBP) and linear (CROWN) bound
 * propagation, branch and bound over input boxes, and JSON property specs for reward models.
 */
export { box, forward, fromMlp, network, LEAKY_RELU_SLOPE, type Box, type DenseLayer, type Network } from './network.js';
export { intervalBounds, type Arithmetic, type LayerBounds } from './interval.js';
export { crown, crownBounds, concretizeLower, concretizeUpper, relaxation, type CrownResult, type LinearFunction } from './crown.js';
export { boundTarget, evaluate, featureGradientBounds, gradient, networkTarget, type BoundMethod, type Feature, type Target } from './target.js';
export { branchAndBound, BRANCH_AND_BOUND_DEFAULTS, type BranchAndBoundOptions, type Cell, type Query, type VerifyResult, type Witness } from './branch-and-bound.js';
export { parseSpec, type SpecProperty, type VerifySpec } from './spec.js';
export { rewardTarget } from './reward-target.js';
export { verifyRewardModel, type VerifyReport, type VerifyRewardModelOptions } from './verify-reward-model.js';
