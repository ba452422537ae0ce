// The flags shared by plan, compare and sweep. Their defaults ARE the built-in paper scenario
// (reports/scenarios/paper-llama-70b.json; a test keeps the two equal), so `segplan plan` with no flags plans
// LLaMA-2-70B on 8 x A100-40GB without reading any scenario file.
import type { FlagSpec, PositionalSpec } from './args.js';

export const STRATEGIES = ['e2e', 'fsdp', 'fsdp-offload', 'segprop'] as const;

export const MODEL_POSITIONAL: PositionalSpec = {
  name: 'model',
  help: 'catalog model name (segplan models), model spec .json, Hugging Face config.json or its folder, or hub id org/name[@revision]',
  default: 'llama-2-70b',
};

/** Settings of the job, in the order --help lists them. */
export const JOB_FLAGS: FlagSpec[] = [
  { name: 'scenario', kind: 'string', value: 'FILE', help: 'read defaults from a scenario file; flags override it (default: the built-in paper scenario)' },
  { name: 'gpu', kind: 'string', value: 'ID|FILE', default: 'a100-40gb', help: 'GPU id (segplan gpus) or GPU .json file' },
  { name: 'gpus', limit: 'gpus', kind: 'int', value: 'N', default: 8, help: 'GPUs in total (data-parallel world size)' },
  { name: 'nodes', limit: 'nodes', kind: 'int', value: 'M', help: "nodes the GPUs are spread over (default: as few as hold --gpus, e.g. 16 A100s on two 8-GPU nodes; docs/hardware.md)" },
  { name: 'gpu-mem', kind: 'string', value: 'QTY', help: "override the GPU's usable memory, e.g. 40GiB (default: the catalog's figure)" },
  { name: 'seq-len', limit: 'sequence', kind: 'int', value: 'S', default: 2048, help: 'tokens per sample (2048: our choice for the paper scenario)' },
  { name: 'micro-batch', limit: 'microBatch', kind: 'int-or-auto', value: 'B|auto', default: 'auto', help: 'samples per GPU per step; auto = the largest that fits' },
];

export const SEGPROP_FLAGS: FlagSpec[] = [
  { name: 'segment-size', limit: 'layers', kind: 'int', value: 'K', default: 8, help: 'SegProp: layers per segment (or give --segments)' },
  { name: 'segments', limit: 'layers', kind: 'int', value: 'K', help: 'SegProp: number of segments (replaces --segment-size)' },
  { name: 'head-depth', limit: 'layers', kind: 'count', value: 'H', default: 2, help: 'SegProp: last H layers train in every stage (global head)' },
  { name: 'prefix-depth', limit: 'layers', kind: 'count', value: 'P', default: 8, help: 'SegProp: stage 1 trains layers 1..P with the head (0: no prefix stage)' },
  { name: 'forward', kind: 'string', choices: ['full', 'growing'], default: 'full', help: 'SegProp: forward through all layers, or only up to the trained segment' },
];

export const RESIDENCES = ['replicated', 'sharded', 'offloaded'] as const;

/** Where model states live; unset: the strategy's own (e2e replicated, fsdp and segprop sharded, fsdp-offload offloaded). */
export const PLACEMENT_FLAGS: FlagSpec[] = [
  { name: 'trainable-placement', kind: 'string', choices: RESIDENCES, help: "trainable weights, gradients and optimizer state: on every GPU, sharded over the GPUs, or in host memory (default: the strategy's)" },
  { name: 'optimizer-placement', kind: 'string', choices: RESIDENCES, help: 'optimizer state (and fp32 master weights) only, overriding --trainable-placement (e.g. offloaded: CPU optimizer)' },
  { name: 'frozen-placement', kind: 'string', choices: RESIDENCES, help: "frozen weights (SegProp: everything outside the stage's segment and head) (default: the strategy's)" },
];

/** A training budget: time-to-train, GPU-hours and cost at the plan's throughput (cli/budget.ts). */
export const BUDGET_FLAGS: FlagSpec[] = [
  { name: 'tokens', kind: 'string', value: 'N', help: 'train on N tokens (e.g. 2e12, 300B): wall time, GPU-hours and cost' },
  { name: 'samples', kind: 'string', value: 'N', help: 'train on N samples (sequences or images) instead' },
  { name: 'epochs', kind: 'string', value: 'E', help: 'train E epochs over --dataset-size samples instead' },
  { name: 'dataset-size', kind: 'string', value: 'N', help: 'samples in the dataset (with --epochs)' },
  { name: 'price', kind: 'string', value: 'USD', help: "USD per GPU-hour (default: the GPU catalog's dated reference price; required for GPUs without one)" },
];

export const TRAINING_FLAGS: FlagSpec[] = [
  { name: 'checkpointing', kind: 'string', choices: ['none', 'full', 'selective'], default: 'full', help: 'activation checkpointing' },
  { name: 'attention', kind: 'string', choices: ['flash', 'math'], default: 'flash', help: 'attention kernel (math keeps the s x s scores)' },
  { name: 'precision', kind: 'string', choices: ['bf16-mixed', 'bf16', 'fp32'], default: 'bf16-mixed', help: 'numeric precision' },
  { name: 'optimizer', kind: 'string', choices: ['adamw', 'sgd', 'adam8bit'], default: 'adamw', help: 'optimizer (its state per parameter)' },
  { name: 'runtime', kind: 'string', choices: ['pytorch', 'pytorch-hf-eager', 'tfjs'], default: 'pytorch', help: "framework memory behaviour: pytorch (fused RMSNorm, Megatron's fused softmax, flash attention), pytorch-hf-eager (Hugging Face's eager code: LlamaRMSNorm, fp32 softmax), tfjs" },
  { name: 'steps-per-stage', limit: 'steps', kind: 'int', value: 'N', help: "SegProp: optimizer steps per stage, for the schedule's totals (default: the engine's)" },
  ...PLACEMENT_FLAGS,
  { name: 'runtime-overhead', kind: 'string', value: 'QTY', help: "fixed per-GPU memory of the runtime, e.g. 500MiB (default: PyTorch's CUDA context, 287,047,680 B measured with lazy loading; tfjs 0)" },
  { name: 'allocator-reserve', kind: 'string', value: 'F', help: 'fraction of GPU memory held back for allocator fragmentation, e.g. 0.05 (default 0: not modelled)' },
  ...BUDGET_FLAGS,
];

export const FORMAT_FLAGS: FlagSpec[] = [
  { name: 'json', kind: 'boolean', default: false, help: 'print JSON (bytes as exact integers; see docs/plan.schema.json)' },
  { name: 'csv', kind: 'boolean', default: false, help: 'print CSV' },
  { name: 'md', kind: 'boolean', default: false, help: 'print Markdown tables' },
];

export const STRATEGY_FLAG: FlagSpec = {
  name: 'strategy',
  kind: 'string',
  choices: STRATEGIES,
  default: 'segprop',
  help: 'training strategy',
};

export const STRATEGIES_FLAG: FlagSpec = {
  name: 'strategies',
  kind: 'list',
  choices: STRATEGIES,
  value: 'LIST',
  default: ['e2e', 'fsdp-offload', 'segprop'],
  help: 'strategies to compare, comma-separated',
};
