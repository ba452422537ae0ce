// The library API: a plain list of re-exports.

export * from './spec/types.js';
export * from './graph/types.js';
export { buildGraph } from './graph/build.js';
export type { OpCostRule, PhaseFlops } from './ops/rule.js';
export { ruleFor, opParams, opFlops, opMatmulFlops, opMacs, opHasWeights, registeredKinds } from './ops/registry.js';
export { ALL_RULES, RULES_BY_KIND } from './ops/rules/index.js';
export { countParams, type ParamCounts, type BlockParams } from './cost/params.js';
export { stepFlops, type StepFlops, type StepFlopsOptions, type BlockFlops, type FlopsBreakdown } from './cost/flops.js';
export { gradientNeeds, resolveTrainable, type OpNeeds, type TrainableBlocks } from './cost/trainable.js';
