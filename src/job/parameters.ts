// One declaration per job parameter: the request field it sets, its flag, type, choices, default, size limit,
// help text and where a scenario file holds it. The CLI's flags, the Job and its builder, the sweep axes, the
// scenario fields and the dashboard's knobs are all derived from this table (src/job/*.ts, cli/, src/dash/).
// Choices come from the engine's own policy tables; SegProp's defaults are the engine's DEFAULT_SEGPROP.
import { ALL_LINEAR, BASE_DTYPES, DEFAULT_LORA, LORA_MODULE_NAMES } from '../adapter/lora.js';
import type { LimitName } from '../model/limits.js';
import { grouped } from '../words.js';
import { CLIP_GRAD, OPTIMIZER_IMPLS, OPTIMIZER_NAMES } from '../precision/optimizer.js';
import { PRECISION_NAMES } from '../precision/precision.js';
import { DEFAULT_FP8_WEIGHTS, FP8_WEIGHTS } from '../precision/fp8.js';
import { DEFAULT_ALLOCATOR_MARGIN } from '../runtime/allocator.js';
import { CUDA_CONTEXT_BYTES, type CudaContextName, ncclBufferBytes } from '../runtime/overhead.js';
import { RUNTIME_NAMES } from '../runtime/profiles.js';
import { SHARDING_NAMES } from '../strategy/sharding.js';
import { DEFAULT_BADAM } from '../strategy/badam.js';
import { DEFAULT_LISA } from '../strategy/lisa.js';
import { ADAPTER_NAMES, DEFAULT_SEGPROP, SCHEDULE_NAMES, STRATEGY_NAMES } from '../strategy/strategy.js';
import type { ActivationPolicy } from '../strategy/roles.js';
import { DEFAULT_FLASH_KERNEL } from '../time/attention-efficiency.js';
import type { AttentionImpl, FlashKernel, ForwardMode, LossImpl, Residence, SavedTensorsPlace } from '../vocabulary.js';

/** How a value is written and checked. */
export type ParameterType =
  | 'int' // a positive integer
  | 'count' // a non-negative integer
  | 'int-or-auto' // a positive integer or the word "auto"
  | 'choice' // one of `choices`
  | 'name' // a free word: a catalog id or a file
  | 'quantity' // a number with a unit, in bytes ("40GiB")
  | 'fraction' // a number from 0 to below 1
  | 'amount'; // a positive amount with an optional suffix ("2e12", "300B")

/** Where a scenario file holds a parameter; a strategy entry's value wins over the shared settings'. */
export type ScenarioPlace = 'cluster' | 'settings' | 'strategy' | 'strategy.placement' | 'training';

export interface JobParameter {
  /** path into PlanRequest; engine errors (RequestError.field) name a parameter by it */
  field: string;
  /** the command-line flag (without --), also the sweep axis name */
  flag: string;
  type: ParameterType;
  choices?: readonly string[];
  default?: number | string;
  /** for numbers: the size limit (src/model/limits.ts) */
  limit?: LimitName;
  /** what the value looks like in --help, e.g. "N" */
  value?: string;
  help: string;
  /** the places a scenario file may give it, first wins */
  scenario?: readonly ScenarioPlace[];
  /** its key there, when not the field's last part */
  scenarioKey?: string;
  /** a sweep axis (`--vary`, a scenario's sweep.vary) */
  axis?: boolean;
  /** only SegProp plans read it */
  segpropOnly?: boolean;
  /** the field of a parameter it replaces: giving one unsets the other (a user may not give both) */
  excludes?: string;
  /** a quantity that may be 0 (written without a unit, or with one): "none of it" */
  allowsZero?: boolean;
}

/** `list`, checked by the compiler to hold every member of the union T (a choice list misses none). */
function every<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): L => list;
}

export const CHECKPOINTING = every<ActivationPolicy>()(['none', 'full', 'selective', 'op', 'torchtitan-op']);
export const ATTENTION = every<AttentionImpl>()(['flash', 'math']);
export const FLASH_KERNELS = every<FlashKernel>()(['fa2', 'fa1', 'triton', 'cudnn']);
export const SAVED_TENSORS = every<SavedTensorsPlace>()(['gpu', 'host']);
export const FORWARD_MODES = every<ForwardMode>()(['full', 'growing']);
export const RESIDENCES = every<Residence>()(['replicated', 'sharded', 'offloaded']);
export const CUDA_CONTEXT_NAMES = every<CudaContextName>()(['lazy', 'eager', 'cuda-11.2']);
export const LOSS_IMPLS = every<LossImpl>()(['plain', 'chunked', 'fused']);

/** Every job parameter, in the order --help lists them within each group (literal types: src/job/values.ts). */
const ROWS = [
  // the cluster and the job's shape
  {
    field: 'gpu',
    flag: 'gpu',
    type: 'name',
    value: 'ID|FILE',
    default: 'a100-40gb',
    help: 'GPU id (segplan gpus) or GPU .json file',
    scenario: ['cluster'],
    axis: true,
  },
  {
    field: 'gpus',
    flag: 'gpus',
    type: 'int',
    limit: 'gpus',
    value: 'N',
    default: 8,
    help: 'GPUs in total (data-parallel world size)',
    scenario: ['cluster'],
    axis: true,
  },
  {
    field: 'nodes',
    flag: 'nodes',
    type: 'int',
    limit: 'nodes',
    value: 'M',
    help: 'nodes the GPUs are spread over (default: as few as hold --gpus, e.g. 16 A100s on two 8-GPU nodes; docs/hardware.md)',
    scenario: ['cluster'],
  },
  {
    field: 'hostMemoryBytes',
    flag: 'host-mem',
    type: 'quantity',
    value: 'QTY',
    help: "host RAM of one node, e.g. 1TiB, for offloaded states (default: the GPU's node type in the catalog, docs/hardware.md)",
    scenario: ['cluster'],
    scenarioKey: 'hostMemory',
  },
  {
    field: 'calibration',
    flag: 'calibration',
    type: 'name',
    value: 'FILE',
    help: 'rates measured on your own GPU and network (harness/calibrate.py; docs/calibration.schema.json) in place of the published ones',
  },
  {
    field: 'gpu.memoryBytes',
    flag: 'gpu-mem',
    type: 'quantity',
    value: 'QTY',
    help: "override the GPU's usable memory, e.g. 40GiB (default: the catalog's figure)",
    scenario: ['cluster'],
    scenarioKey: 'gpuMemory',
  },
  {
    field: 'seqLen',
    flag: 'seq-len',
    type: 'int',
    limit: 'sequence',
    value: 'S',
    default: 2048,
    help: 'tokens per sample (2048: our choice for the paper scenario)',
    scenario: ['settings'],
    axis: true,
  },
  {
    field: 'targetLen',
    flag: 'target-len',
    type: 'int',
    limit: 'sequence',
    value: 'T',
    help: "decoder tokens per sample of an encoder-decoder (T5); --seq-len is then the encoder's (default: the same as --seq-len)",
    scenario: ['settings'],
    axis: true,
  },
  {
    field: 'microBatch',
    flag: 'micro-batch',
    type: 'int-or-auto',
    limit: 'microBatch',
    value: 'B|auto',
    default: 'auto',
    help: 'samples per GPU per step; auto = the largest that fits',
    scenario: ['strategy', 'settings'],
    axis: true,
  },
  {
    field: 'strategy',
    flag: 'strategy',
    type: 'choice',
    choices: STRATEGY_NAMES,
    default: 'segprop',
    help: 'training strategy: a preset of schedule, adapter and sharding (docs/strategies.md)',
    axis: true,
  },
  // the strategy's axes: each replaces its preset's choice
  {
    field: 'schedule',
    flag: 'schedule',
    type: 'choice',
    choices: SCHEDULE_NAMES,
    help: "which blocks train when (default: the strategy's)",
    scenario: ['strategy'],
    axis: true,
  },
  {
    field: 'adapter',
    flag: 'adapter',
    type: 'choice',
    choices: ADAPTER_NAMES,
    help: "what trains inside a training block: all its weights (none), or adapters beside a frozen base (lora) stored in 4-bit NF4 (qlora) (default: the strategy's)",
    scenario: ['strategy'],
    axis: true,
  },
  // LoRA's adapters (read under the lora and qlora adapters)
  {
    field: 'lora.rank',
    flag: 'lora-rank',
    type: 'int',
    limit: 'width',
    value: 'R',
    default: DEFAULT_LORA.rank,
    help: "LoRA: rank r of the adapters (PEFT's default 8)",
    scenario: ['strategy'],
    scenarioKey: 'loraRank',
    axis: true,
  },
  {
    field: 'lora.targets',
    flag: 'lora-targets',
    type: 'name',
    value: 'NAMES',
    default: DEFAULT_LORA.targets,
    help: `LoRA: the projections adapted, PEFT's module names (${LORA_MODULE_NAMES.join(',')}) or ${ALL_LINEAR}`,
    scenario: ['strategy'],
    scenarioKey: 'loraTargets',
    axis: true,
  },
  {
    field: 'lora.baseDtype',
    flag: 'base-dtype',
    type: 'choice',
    choices: BASE_DTYPES,
    help: "LoRA: the frozen base's storage: the recipe's weight dtype, 4-bit NF4 (QLoRA) or 8-bit LLM.int8 (default: the adapter's: lora recipe, qlora nf4)",
    scenario: ['strategy'],
    scenarioKey: 'baseDtype',
    axis: true,
  },
  {
    field: 'sharding',
    flag: 'sharding',
    type: 'choice',
    choices: SHARDING_NAMES,
    help: "where model states live (default: the strategy's; the placement flags below override each part)",
    scenario: ['strategy'],
    axis: true,
  },
  // SegProp's layout (the segment size or count last: the request lists it last, as plans always have)
  {
    field: 'segprop.headDepth',
    flag: 'head-depth',
    type: 'count',
    limit: 'layers',
    value: 'H',
    default: DEFAULT_SEGPROP.headDepth,
    help: 'SegProp: last H layers train in every stage (global head)',
    scenario: ['strategy'],
    axis: true,
    segpropOnly: true,
  },
  {
    field: 'segprop.prefixDepth',
    flag: 'prefix-depth',
    type: 'count',
    limit: 'layers',
    value: 'P',
    default: DEFAULT_SEGPROP.prefixDepth,
    help: 'SegProp: stage 1 trains layers 1..P with the head (0: no prefix stage)',
    scenario: ['strategy'],
    axis: true,
    segpropOnly: true,
  },
  {
    field: 'segprop.forward',
    flag: 'forward',
    type: 'choice',
    choices: FORWARD_MODES,
    default: DEFAULT_SEGPROP.forward,
    help: 'SegProp: forward through all layers, or only up to the trained segment',
    scenario: ['strategy'],
    axis: true,
    segpropOnly: true,
  },
  {
    field: 'segprop.segmentSize',
    flag: 'segment-size',
    type: 'int',
    limit: 'layers',
    value: 'K',
    default: DEFAULT_SEGPROP.segmentSize,
    help: 'SegProp: layers per segment (or give --segments)',
    scenario: ['strategy'],
    axis: true,
    segpropOnly: true,
    excludes: 'segprop.segments',
  },
  {
    field: 'segprop.segments',
    flag: 'segments',
    type: 'int',
    limit: 'layers',
    value: 'K',
    help: 'SegProp: number of segments (replaces --segment-size)',
    scenario: ['strategy'],
    axis: true,
    segpropOnly: true,
    excludes: 'segprop.segmentSize',
  },
  // BAdam's and LISA's layouts (docs/strategies.md)
  {
    field: 'badam.blockSize',
    flag: 'badam-block-size',
    type: 'int',
    limit: 'layers',
    value: 'L',
    default: DEFAULT_BADAM.blockSize,
    help: 'BAdam: layers per block (or give --badam-blocks)',
    scenario: ['strategy'],
    scenarioKey: 'badamBlockSize',
    axis: true,
    excludes: 'badam.blocks',
  },
  {
    field: 'badam.blocks',
    flag: 'badam-blocks',
    type: 'int',
    limit: 'layers',
    value: 'D',
    help: 'BAdam: number of blocks D the layers are split into, as evenly as possible (replaces --badam-block-size)',
    scenario: ['strategy'],
    scenarioKey: 'badamBlocks',
    axis: true,
    excludes: 'badam.blockSize',
  },
  {
    field: 'badam.switchEvery',
    flag: 'badam-switch-every',
    type: 'int',
    limit: 'steps',
    value: 'K',
    default: DEFAULT_BADAM.switchEvery,
    help: "BAdam: Adam steps on a block before the next one trains (switch_block_every), for the schedule's totals",
    scenario: ['strategy'],
    scenarioKey: 'badamSwitchEvery',
  },
  {
    field: 'lisa.layers',
    flag: 'lisa-layers',
    type: 'int',
    limit: 'layers',
    value: 'G',
    default: DEFAULT_LISA.layers,
    help: 'LISA: layers sampled to train in each period (γ), beside the embedding and the head',
    scenario: ['strategy'],
    scenarioKey: 'lisaLayers',
    axis: true,
  },
  {
    field: 'lisa.period',
    flag: 'lisa-period',
    type: 'int',
    limit: 'steps',
    value: 'K',
    default: DEFAULT_LISA.period,
    help: "LISA: steps between two samples (K), for the schedule's totals",
    scenario: ['strategy'],
    scenarioKey: 'lisaPeriod',
  },
  // the training recipe
  {
    field: 'checkpointing',
    flag: 'checkpointing',
    type: 'choice',
    choices: CHECKPOINTING,
    default: 'full',
    help: "activation checkpointing: none, full (whole layers), selective (Megatron: attention's core), op (torch's save list: a layer keeps its matmul outputs, recomputes the rest), torchtitan-op (torchtitan's: also recomputes every second matmul)",
    scenario: ['strategy', 'settings'],
    axis: true,
  },
  {
    field: 'checkpointEvery',
    flag: 'checkpoint-every',
    type: 'int',
    limit: 'layers',
    value: 'N',
    default: 1,
    help: "with --checkpointing full: checkpoint only every N-th layer (torchtitan's selective_ac_option N); the others keep their activations",
    scenario: ['strategy', 'settings'],
  },
  {
    field: 'savedTensors',
    flag: 'saved-tensors',
    type: 'choice',
    choices: SAVED_TENSORS,
    default: 'gpu',
    help: 'where tensors saved for backward wait: gpu, or host (torch.autograd.graph.save_on_cpu, pinned: copied over PCIe, not overlapped)',
    scenario: ['strategy', 'settings'],
  },
  {
    field: 'attention',
    flag: 'attention',
    type: 'choice',
    choices: ATTENTION,
    default: 'flash',
    help: 'attention kernel (math keeps the s x s scores)',
    scenario: ['settings'],
    axis: true,
  },
  {
    field: 'flashKernel',
    flag: 'flash-kernel',
    type: 'choice',
    choices: FLASH_KERNELS,
    default: DEFAULT_FLASH_KERNEL,
    help: "which kernel runs --attention flash, timed at its published speed by shape: fa2 (FlashAttention-2: flash-attn 2.x, PyTorch SDPA's flash backend), fa1 (flash-attn 1.x), triton (FlashAttention in Triton, e.g. llm-foundry's attn_impl: triton; A100 figures only), cudnn (cuDNN's fused attention, SDPA's own choice on Hopper in PyTorch 2.11; H200 and H100 figures)",
    scenario: ['settings'],
    axis: true,
  },
  {
    field: 'precision',
    flag: 'precision',
    type: 'choice',
    choices: PRECISION_NAMES,
    default: 'bf16-mixed',
    help: 'numeric precision',
    scenario: ['settings'],
    axis: true,
  },
  {
    field: 'optimizer',
    flag: 'optimizer',
    type: 'choice',
    choices: OPTIMIZER_NAMES,
    default: 'adamw',
    help: 'optimizer (its state per parameter)',
    scenario: ['settings'],
    axis: true,
  },
  {
    field: 'optimizerImpl',
    flag: 'optimizer-impl',
    type: 'choice',
    choices: OPTIMIZER_IMPLS,
    default: 'foreach',
    help: 'how torch.optim steps AdamW: foreach (a v-sized temporary), fused (none), loop (two temporaries of the largest tensor); other optimizers step in place',
    scenario: ['settings'],
    axis: true,
  },
  {
    field: 'clipGrad',
    flag: 'clip-grad',
    type: 'choice',
    choices: CLIP_GRAD,
    default: 'none',
    help: 'gradient clipping before the step: none, or norm (torch.nn.utils.clip_grad_norm_: one norm per gradient tensor)',
    scenario: ['settings'],
    axis: true,
  },
  {
    field: 'gradAccum',
    flag: 'grad-accum',
    type: 'int',
    limit: 'accumulation',
    value: 'N',
    default: 1,
    help: 'micro-batches per optimizer step (gradient accumulation): gradients persist across them, one all-reduce and one optimizer step',
    scenario: ['strategy', 'settings'],
    axis: true,
  },
  {
    field: 'fp8Weights',
    flag: 'fp8-weights',
    type: 'choice',
    choices: FP8_WEIGHTS,
    default: DEFAULT_FP8_WEIGHTS,
    help: "under --precision fp8, when Transformer Engine casts each linear layer's weight: per-micro-batch (accelerate), or cached once per step and kept (Megatron-LM's is_first_microbatch: +2 bytes per FP8 linear parameter for the whole run)",
    scenario: ['settings'],
    axis: true,
  },
  {
    field: 'loss',
    flag: 'loss',
    type: 'choice',
    choices: LOSS_IMPLS,
    default: 'plain',
    help: "language-model loss: plain (all logits up-cast to fp32 at once), chunked (torchtune's CEWithChunkedOutputLoss: 8 chunks of tokens, one up-cast at a time) or fused (one softmax cross-entropy kernel on the 16-bit logits: flash-attn's CrossEntropyLoss, llm-foundry's fused_crossentropy)",
    scenario: ['settings'],
    axis: true,
  },
  {
    field: 'runtime',
    flag: 'runtime',
    type: 'choice',
    choices: RUNTIME_NAMES,
    default: 'pytorch',
    help: "framework code, for memory and the bytes kernels move: pytorch (fused RMSNorm, Megatron's fused softmax, flash attention), pytorch-hf-eager (Hugging Face's eager code: LlamaRMSNorm op by op, fp32 softmax), tfjs",
    scenario: ['settings'],
  },
  {
    field: 'stepsPerStage',
    flag: 'steps-per-stage',
    type: 'int',
    limit: 'steps',
    value: 'N',
    help: "SegProp: optimizer steps per stage, for the schedule's totals (default: the engine's)",
    scenario: ['settings'],
    segpropOnly: true,
  },
  // where model states live, part by part; unset: the sharding's
  {
    field: 'placement.trainable',
    flag: 'trainable-placement',
    type: 'choice',
    choices: RESIDENCES,
    help: "trainable weights, gradients and optimizer state: on every GPU, sharded over the GPUs, or in host memory (default: the strategy's)",
    scenario: ['strategy.placement'],
    axis: true,
  },
  {
    field: 'placement.trainable.optimizer',
    flag: 'optimizer-placement',
    type: 'choice',
    choices: RESIDENCES,
    help: 'optimizer state (and fp32 master weights) only, overriding --trainable-placement (e.g. offloaded: CPU optimizer)',
    scenario: ['strategy.placement'],
    scenarioKey: 'optimizer',
    axis: true,
  },
  {
    field: 'placement.trainable.gradients',
    flag: 'gradient-placement',
    type: 'choice',
    choices: RESIDENCES,
    help: 'gradients only, overriding --trainable-placement (e.g. sharded: ZeRO-2)',
    scenario: ['strategy.placement'],
    scenarioKey: 'gradients',
    axis: true,
  },
  {
    field: 'placement.frozen',
    flag: 'frozen-placement',
    type: 'choice',
    choices: RESIDENCES,
    help: "frozen weights (SegProp: everything outside the stage's segment and head) (default: the strategy's)",
    scenario: ['strategy.placement'],
    axis: true,
  },
  // the runtime's fixed costs
  {
    field: 'runtimeOverheadBytes',
    flag: 'runtime-overhead',
    type: 'quantity',
    value: 'QTY',
    allowsZero: true,
    help: `fixed per-GPU memory outside PyTorch's allocator, e.g. 500MiB; 0 compares with max_memory_allocated (default: CUDA context ${grouped(CUDA_CONTEXT_BYTES)} B with lazy loading, plus NCCL buffers ${ncclBufferBytes(2) / 2 ** 20} MiB on 2+ GPUs; tfjs 0)`,
  },
  {
    field: 'cudaContext',
    flag: 'cuda-context',
    type: 'choice',
    choices: CUDA_CONTEXT_NAMES,
    help: 'the CUDA context in the default overhead: lazy (CUDA >= 11.7 with lazy module loading; the default), eager, cuda-11.2 (every module loaded at start); docs/memory.md',
  },
  {
    field: 'allocatorReserve',
    flag: 'allocator-reserve',
    type: 'fraction',
    value: 'F',
    help: `what PyTorch's caching allocator holds beyond the allocated bytes, as a fraction of them, e.g. 0.1 (default ${DEFAULT_ALLOCATOR_MARGIN}: the median of published pairs, docs/memory.md; 0: none)`,
  },
  // a training budget: time-to-train, GPU-hours and cost at the plan's throughput (cli/budget.ts)
  {
    field: 'training.budget.tokens',
    flag: 'tokens',
    type: 'amount',
    value: 'N',
    help: 'train on N tokens (e.g. 2e12, 300B): wall time, GPU-hours and cost',
    scenario: ['training'],
  },
  {
    field: 'training.budget.samples',
    flag: 'samples',
    type: 'amount',
    value: 'N',
    help: 'train on N samples (sequences or images) instead',
    scenario: ['training'],
  },
  {
    field: 'training.budget.epochs',
    flag: 'epochs',
    type: 'amount',
    value: 'E',
    help: 'train E epochs over --dataset-size samples instead',
    scenario: ['training'],
  },
  {
    field: 'training.budget.datasetSize',
    flag: 'dataset-size',
    type: 'amount',
    value: 'N',
    help: 'samples in the dataset (with --epochs)',
    scenario: ['training'],
  },
  {
    field: 'training.usdPerGpuHour',
    flag: 'price',
    type: 'amount',
    value: 'USD',
    help: "USD per GPU-hour (default: the GPU catalog's dated reference price; required for GPUs without one)",
    scenario: ['training'],
  },
] as const satisfies readonly JobParameter[];

export const PARAMETERS: readonly JobParameter[] = ROWS;

export type Parameter = (typeof ROWS)[number];
export type ParameterField = Parameter['field'];
export type ParameterFlag = Parameter['flag'];

const BY_FIELD = new Map<string, JobParameter>(ROWS.map((p) => [p.field, p]));
const BY_FLAG = new Map<string, JobParameter>(ROWS.map((p) => [p.flag, p]));

/** The parameter a request field names (a Map: the field may come from an error, never from Object.prototype). */
export function parameterByField(field: string): JobParameter | undefined {
  return BY_FIELD.get(field);
}

export function parameterByFlag(flag: string): JobParameter | undefined {
  return BY_FLAG.get(flag);
}

/** The parameter of `flag`, which the caller knows is in the table. */
export function parameter(flag: ParameterFlag): JobParameter {
  return BY_FLAG.get(flag)!;
}

/** A parameter's key in a scenario file: `scenarioKey`, else the last part of its field. */
export function scenarioKeyOf(p: JobParameter): string {
  return p.scenarioKey ?? p.field.slice(p.field.lastIndexOf('.') + 1);
}
