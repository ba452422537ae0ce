// The library API: a plain list of re-exports.

export * from './spec/types.js';
export * from './graph/types.js';
export { buildGraph } from './graph/build.js';
export type { OpCostRule, PhaseFlops } from './ops/rule.js';
export { ruleFor, opParams, opFlops, opMatmulFlops, opMacs, opHasWeights, registeredKinds } from './ops/registry.js';
export { ALL_RULES, RULES_BY_KIND } from './ops/kinds/index.js';
export { countParams, type ParamCounts, type BlockParams } from './cost/params.js';
export { stepFlops, type StepFlops, type StepFlopsOptions, type BlockFlops, type FlopsBreakdown } from './cost/flops.js';
export { gradientNeeds, resolveTrainable, type OpNeeds, type TrainableBlocks } from './cost/trainable.js';
export type * from './plan/types.js';
export { plan, newPlanCache, type PlanCache } from './plan/plan.js';
export { timeline, type TimelinePoint } from './plan/timeline.js';
export { sweepMaxMicroBatch, type GridSweep, type GridPoint } from './plan/fast-sweep.js';
export { stageMemory, foldStage, type MemoryEvent, type StageMemory } from './memory/stage-memory.js';
export { maxMicroBatch, peakAt } from './memory/max-batch.js';
export { composeStrategy, DEFAULT_SEGPROP, type Strategy } from './strategy/strategy.js';
export { segpropSchedule, e2eSchedule, type Stage } from './strategy/schedule.js';
export type { BlockRole, ActivationPolicy } from './strategy/roles.js';
export { precisionPolicy } from './precision/precision.js';
export { optimizerPolicy } from './precision/optimizer.js';
export { pytorchProfile } from './runtime/pytorch.js';
export { gpuById, gpuIds, makeCluster } from './hardware/catalog.js';
export { loadModel } from './spec/load.js';
export { importHfConfig } from './spec/hf/index.js';
