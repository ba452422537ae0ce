// What a plan asks and what it answers. The CLI's `--json` output is a PlanResult (documented by
// docs/plan.schema.json); every number in it comes from the engine's formulas.

import type { ActivationPolicy } from '../strategy/roles.js';
import type { FlopsByPhase } from '../cost/flops-by-phase.js';
import type { Placement } from '../strategy/placement.js';
import type { RoleSpan } from '../strategy/stage-runs.js';
import type {
  AdapterName,
  AttentionImpl,
  FlashKernel,
  BAdamOptions,
  LisaOptions,
  LoraOptions,
  ClipGrad,
  LossImpl,
  Fp8Weights,
  OptimizerImpl,
  OptimizerName,
  PlacementOptions,
  PrecisionName,
  RuntimeName,
  SavedTensorsPlace,
  ScheduleName,
  SegPropOptions,
  ShardingName,
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
  /** decoder tokens per sample of an encoder-decoder (T5); default: seqLen. Other families ignore it */
  targetLen?: number;
  /** a number, or 'auto' for the largest that fits */
  microBatch: number | 'auto';
  /** a preset of schedule, adapter and sharding; the three fields below replace its choices */
  strategy: StrategyName;
  schedule?: ScheduleName;
  adapter?: AdapterName;
  sharding?: ShardingName;
  segprop?: SegPropOptions;
  badam?: BAdamOptions;
  lisa?: LisaOptions;
  /** LoRA's rank and target projections (read when the adapter is lora or qlora; default: PEFT's, r = 8 on q_proj,v_proj) */
  lora?: LoraOptions;
  /** override the sharding's placement, part by part (SegProp: frozen and trainable parts independently) */
  placement?: Partial<PlacementOptions>;
  checkpointing: ActivationPolicy;
  /** with `full`: checkpoint only every n-th body layer (torchtitan's selective_ac_option n); default 1 */
  checkpointEvery?: number;
  /** where saved tensors wait for backward: gpu (default) or host (torch.autograd.graph.save_on_cpu) */
  savedTensors?: SavedTensorsPlace;
  attention: AttentionImpl;
  /** with flash attention: the kernel, timed at its published speed by shape; default fa2 (FlashAttention-2) */
  flashKernel?: FlashKernel;
  precision: PrecisionName;
  optimizer: OptimizerName;
  /** how torch.optim runs the step (AdamW's temporaries); default foreach */
  optimizerImpl?: OptimizerImpl;
  /** gradient clipping before the step (clip_grad_norm_'s per-tensor norms); default none */
  clipGrad?: ClipGrad;
  /** micro-batches per optimizer step (gradient accumulation); default 1 */
  gradAccum?: number;
  /** under fp8: Transformer Engine casts the weights every micro-batch (default) or once per step into a cache */
  fp8Weights?: Fp8Weights;
  /** the language-model loss: all logits up-cast at once (default), chunked by tokens (torchtune), or one fused kernel (flash-attn) */
  loss?: LossImpl;
  runtime: RuntimeName;
  /** optimizer steps per SegProp stage, for the schedule totals (BAdam and LISA: their switch interval and period) */
  stepsPerStage?: number;
  /** host RAM of one node; default: the GPU's node type in the catalog */
  hostMemoryBytes?: number;
  /** the user's measured kernel, memory and network rates in place of the published ones (src/time/calibration.ts) */
  calibration?: import('../time/calibration.js').Calibration;
  /**
   * fixed per-GPU bytes outside PyTorch's caching allocator (CUDA context, NCCL buffers); default: the
   * runtime's documented figures (src/runtime/overhead.ts); 0 compares the plan with max_memory_allocated
   */
  runtimeOverheadBytes?: number;
  /** the CUDA context's generation, for the default overhead (default 'lazy': CUDA ≥ 11.7 lazy loading) */
  cudaContext?: import('../runtime/overhead.js').CudaContextName;
  /**
   * what the caching allocator holds beyond the allocated bytes, as a fraction of them (default
   * DEFAULT_ALLOCATOR_MARGIN, the median of published pairs: src/runtime/allocator.ts)
   */
  allocatorReserve?: number;
  /** a training budget (and price) for time-to-train and cost */
  training?: import('../time/time-to-train.js').TrainingRequest;
}

export interface MemoryBreakdown {
  /** at the binding event of the stage: the live tensors plus the fixed bytes outside the allocator (overhead) */
  peakBytes: number;
  /** the live tensors at the peak: PyTorch's torch.cuda.max_memory_allocated */
  allocatedBytes: number;
  /** what the caching allocator holds for them: torch.cuda.max_memory_reserved (allocated × (1 + margin)) */
  reservedBytes: number;
  /** what the process holds on the GPU, as nvidia-smi shows it: reserved + overhead; "fits" compares it */
  heldBytes: number;
  weights: number;
  gradients: number;
  optimizer: number;
  activations: number;
  transient: number;
  /** FSDP gathered units and prefetch buffers */
  gather: number;
  /** registered buffers (BatchNorm running statistics, causal masks): src/runtime/buffers.ts */
  buffers: number;
  /** CUDA context and NCCL buffers, outside the allocator */
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
  /**
   * the role of each block in this stage, as spans of consecutive blocks covering the graph in order (a sweep
   * builds no per-block array; --json prints the role of every block)
   */
  readonly spans: readonly RoleSpan[];
  trainableParams: number;
  flops: FlopsByPhase;
  memory: MemoryBreakdown;
  peakEvent: PeakEvent;
  /** the largest micro-batch whose peak fits this stage (0 when even b = 1 does not) */
  maxMicroBatch: number;
  stepTimeSeconds: number;
  /** seconds by component before overlap; `kernels` splits `compute` by kernel class */
  time: {
    compute: number;
    kernels: import('../time/kernel-rates.js').KernelSeconds;
    memory: number;
    communication: number;
    offload: number;
    optimizer: number;
  };
  /** bytes one GPU copies between host and GPU memory in a step, both directions (offloaded states) */
  pcieBytes: number;
  /** what the process holds fits GPU memory (fit === 'yes') */
  fits: boolean;
  fit: FitVerdict;
}

/**
 * 'yes': what the process holds (with the allocator margin) fits; 'margin': the live tensors and the overhead
 * fit but not the allocator's margin on top (it may or may not run); 'no': the live tensors alone do not fit.
 */
export type FitVerdict = 'yes' | 'margin' | 'no';

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
    /** the strategy's axes, after the request's own choices */
    schedule: ScheduleName;
    adapter: AdapterName;
    sharding: ShardingName;
    gpu: string;
    gpus: number;
    nodes: number;
    /** the GPU's memory, which what the process holds must fit */
    gpuMemoryBytes: number;
    /** host RAM of one node (offloaded states must fit in it) */
    hostMemoryBytes: number;
    seqLen: number;
    /** decoder tokens per sample of an encoder-decoder (absent for other families) */
    targetLen?: number;
    microBatch: number;
    precision: PrecisionName;
    optimizer: OptimizerName;
    optimizerImpl: OptimizerImpl;
    clipGrad: ClipGrad;
    /** micro-batches per optimizer step: a step trains on microBatch · gradAccum · gpus samples */
    gradAccum: number;
    /** fp8 plans only: when the FP8 weights are cast */
    fp8Weights?: Fp8Weights;
    loss: LossImpl;
    checkpointing: ActivationPolicy;
    /** only every n-th body layer is checkpointed (present when n > 1) */
    checkpointEvery?: number;
    /** saved tensors wait in host memory (save_on_cpu; present only then) */
    savedTensors?: 'host';
    attention: AttentionImpl;
    /** flash attention's kernel (present only with flash attention) */
    flashKernel?: FlashKernel;
    runtime: RuntimeName;
    /** where trainable states and frozen weights live, the GPUs sharded states are split over, DDP's buckets */
    placement: Placement;
    segprop?: SegPropOptions & { segmentSize: number };
    /** BAdam's layout, with its number of blocks D */
    badam?: BAdamOptions & { blocks: number };
    lisa?: LisaOptions;
    /** the adapters' rank and targets, under a low-rank adapter */
    lora?: LoraOptions;
  };
  stages: StagePlan[];
  /** the binding stage's peak, allocated and held bytes (MemoryBreakdown) */
  peakBytes: number;
  allocatedBytes: number;
  heldBytes: number;
  bindingStage: number;
  bindingEvent: PeakEvent;
  /** the largest micro-batch that fits every stage */
  maxMicroBatch: number;
  /** every stage fits GPU memory at the planned micro-batch, and offloaded states fit host memory */
  fits: boolean;
  /** the worst stage's verdict on GPU memory (host memory is fitsHost) */
  fit: FitVerdict;
  /** offloaded states fit the node's host memory */
  fitsHost: boolean;
  /** at the planned micro-batch, averaged over the schedule's steps */
  throughput: { samplesPerSecond: number; tokensPerSecond: number };
  mfu: number;
  hfu: number;
  /** every schedule but E2E: the totals over its stages, and E2E for the same number of updates per layer */
  schedule?: { stepsPerStage: number; totalFlops: number; totalSeconds: number; e2eFlops: number; e2eSeconds: number };
  /** time-to-train, GPU-hours and cost of the requested budget at this plan's throughput */
  training?: import('../time/time-to-train.js').TrainingEstimate;
  /** the range the step time, time to train and cost take at the published runs' spread on this GPU, or why none applies */
  accuracy: import('./accuracy.js').PlanAccuracy;
  /** named assumptions behind the numbers (efficiency, overheads), so a reader can check them */
  assumptions: Record<string, number | string>;
}
