// What a plan asks and what it answers. The CLI's `--json` output is a PlanResult (documented by
// docs/plan.schema.json); every number in it comes from the engine's formulas.

import type { ActivationPolicy, BlockRole } from '../strategy/roles.js';
import type { FlopsByPhase } from '../cost/flops-by-phase.js';
import type {
  AttentionImpl,
  ClipGrad,
  LossImpl,
  OptimizerImpl,
  OptimizerName,
  PlacementOptions,
  PrecisionName,
  RuntimeName,
  SegPropOptions,
  StrategyName,
} from '../vocabulary.js';

// the shared names, re-exported for the library's users (defined on the lowest floor: vocabulary.ts)
export type * from '../vocabulary.js';
export type { FlopsByPhase } from '../cost/flops-by-phase.js';

export interface PlanRequest {
  /** model name in the catalog, or a loaded spec (the CLI resolves files) */
  model: import('../model/types.js').ModelSpec;
  gpu: import('../hardware/types.js').Gpu;
  /** GPUs in total (data-parallel world size) */
  gpus: number;
  /** nodes the GPUs are spread over; undefined: as few as hold them (makeCluster) */
  nodes?: number;
  seqLen: number;
  /** a number, or 'auto' for the largest that fits */
  microBatch: number | 'auto';
  strategy: StrategyName;
  segprop?: SegPropOptions;
  /** override the preset's placement (SegProp: frozen and trainable parts independently) */
  placement?: Partial<PlacementOptions>;
  checkpointing: ActivationPolicy;
  attention: AttentionImpl;
  precision: PrecisionName;
  optimizer: OptimizerName;
  /** how torch.optim runs the step (AdamW's temporaries); default foreach */
  optimizerImpl?: OptimizerImpl;
  /** gradient clipping before the step (clip_grad_norm_'s per-tensor norms); default none */
  clipGrad?: ClipGrad;
  /** micro-batches per optimizer step (gradient accumulation); default 1 */
  gradAccum?: number;
  /** the language-model loss on all logits at once (default) or chunked by tokens (torchtune) */
  loss?: LossImpl;
  runtime: RuntimeName;
  /** optimizer steps per SegProp stage, for the schedule totals */
  stepsPerStage?: number;
  /** fixed per-GPU bytes of the runtime; default: the runtime's documented figure (PyTorch's CUDA context) */
  runtimeOverheadBytes?: number;
  /** fraction of GPU memory held back for the caching allocator's fragmentation (default 0: not modelled) */
  allocatorReserve?: number;
  /** a training budget (and price) for time-to-train and cost */
  training?: import('../time/time-to-train.js').TrainingRequest;
}

export interface MemoryBreakdown {
  /** at the binding event of the stage */
  peakBytes: number;
  weights: number;
  gradients: number;
  optimizer: number;
  activations: number;
  transient: number;
  /** FSDP gathered units and prefetch buffers */
  gather: number;
  overhead: number;
  /** host (CPU) memory per node for offloaded states */
  hostBytes: number;
}

export interface PeakEvent {
  /** e.g. "backward layers.79", "forward loss", "optimizer step" */
  event: string;
  phase: 'forward' | 'backward' | 'optimizer' | 'idle';
  blockIndex: number | null;
}

export interface StagePlan {
  index: number;
  name: string;
  /** the role of each block in this stage, in graph order */
  readonly roles: readonly BlockRole[];
  trainableParams: number;
  flops: FlopsByPhase;
  memory: MemoryBreakdown;
  peakEvent: PeakEvent;
  /** the largest micro-batch whose peak fits this stage (0 when even b = 1 does not) */
  maxMicroBatch: number;
  stepTimeSeconds: number;
  time: { compute: number; memory: number; communication: number; offload: number; optimizer: number };
  fits: boolean;
}

export interface PlanResult {
  model: {
    name: string;
    family: import('../model/types.js').ModelFamily;
    /** what one sample is: "2048 tokens", "224×224 image" */
    input: string;
    /** tokens per sample for sequence models; 1 for image models (their throughput counts images) */
    tokensPerSample: number;
    /** active: used per token (mixture of experts: the routed top-k experts only); = total for dense models */
    params: { total: number; active: number; trainable: number; embedding: number };
  };
  strategy: StrategyName;
  settings: {
    gpu: string;
    gpus: number;
    nodes: number;
    /** GPU memory a plan may fill: the GPU's, less the allocator reserve */
    gpuMemoryBytes: number;
    /** host RAM of one node (offloaded states must fit in it) */
    hostMemoryBytes: number;
    seqLen: number;
    microBatch: number;
    precision: PrecisionName;
    optimizer: OptimizerName;
    optimizerImpl: OptimizerImpl;
    clipGrad: ClipGrad;
    /** micro-batches per optimizer step: a step trains on microBatch · gradAccum · gpus samples */
    gradAccum: number;
    loss: LossImpl;
    checkpointing: ActivationPolicy;
    attention: AttentionImpl;
    runtime: RuntimeName;
    /** where trainable states and frozen weights live */
    placement: PlacementOptions;
    segprop?: SegPropOptions & { segmentSize: number };
  };
  stages: StagePlan[];
  peakBytes: number;
  bindingStage: number;
  bindingEvent: PeakEvent;
  /** the largest micro-batch that fits every stage */
  maxMicroBatch: number;
  /** every stage fits GPU memory at the planned micro-batch, and offloaded states fit host memory */
  fits: boolean;
  /** offloaded states fit the node's host memory */
  fitsHost: boolean;
  /** at the planned micro-batch, averaged over the schedule's steps */
  throughput: { samplesPerSecond: number; tokensPerSecond: number };
  mfu: number;
  hfu: number;
  /** SegProp: the schedule's totals, and E2E for the same number of updates per layer */
  schedule?: { stepsPerStage: number; totalFlops: number; totalSeconds: number; e2eFlops: number; e2eSeconds: number };
  /** time-to-train, GPU-hours and cost of the requested budget at this plan's throughput */
  training?: import('../time/time-to-train.js').TrainingEstimate;
  /** named assumptions behind the numbers (efficiency, overheads), so a reader can check them */
  assumptions: Record<string, number | string>;
}
