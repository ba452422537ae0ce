// The library API (package.json "exports" ".": what `import ... from 'segplan'` gets): what a program that plans
// training jobs needs. Everything else under src/ is internal and may change in any release; the CLI and the
// dashboard import their modules directly.

// The names of a job's choices (precision, optimizer, strategy, placement ...)
export type * from './vocabulary.js';
// A UserError (a SpecError names a file, a RequestError a request field) is the caller's to fix; any other error is a bug
export { UserError, SpecError, RequestError, EnvironmentError, isUserError, isEnvironmentError } from './errors.js';

// Models: the description, the built-in catalog, a spec or Hugging Face config.json file, a parsed HF config
export type * from './model/types.js';
export { loadModel, type LoadedModel } from './model/load.js';
export { catalogNames, catalogSpec } from './model/catalog.js';
export { importHfConfig, isHfConfig, supportedArchitectures } from './model/hf/index.js';

// GPUs and clusters: the built-in catalog, a user's gpu.json
export { gpuById, gpuIds, nodeTypeById, nodeTypeIds, makeCluster, loadGpuFile, type ClusterRequest } from './hardware/catalog.js';
export type { Cluster, Gpu, GpuFlops, NodeType } from './hardware/types.js';

// The graph of ops, and its parameter and FLOP counts
export type * from './graph/types.js';
export { buildGraph } from './graph/build.js';
export { countParams, type ParamCounts, type BlockParams } from './cost/params.js';
export { stepFlops, type StepFlops, type StepFlopsOptions, type BlockFlops, type FlopsBreakdown } from './cost/flops.js';
export type { TrainableBlocks } from './cost/trainable.js';

// Plans: the request, the result, and the names they use
export type * from './plan/types.js';
export type { ActivationPolicy, BlockRole } from './strategy/roles.js';
export type { TrainingBudget, TrainingRequest, TrainingEstimate } from './time/time-to-train.js';
export { plan, newPlanCache, type PlanCache } from './plan/plan.js';
