// The flags shared by plan, compare and sweep, derived from the job parameter table (src/job/parameters.ts).
// Their defaults ARE the built-in paper scenario (reports/scenarios/paper-llama-70b.json; a test keeps the two
// equal), so `segplan plan` with no flags plans LLaMA-2-70B on 8 x A100-40GB without reading any scenario file.
import { parameter, type JobParameter, type ParameterFlag, type ParameterType } from '../src/job/parameters.js';
import { STRATEGY_NAMES } from '../src/strategy/strategy.js';
import type { FlagKind, FlagSpec, PositionalSpec } from './args.js';

export const STRATEGIES = STRATEGY_NAMES;

/** How a parameter's flag is read: numbers and choices are checked by the parser, the rest by the job builder. */
const KIND: Record<ParameterType, FlagKind> = {
  int: 'int',
  count: 'count',
  'int-or-auto': 'int-or-auto',
  choice: 'string',
  name: 'string',
  quantity: 'string',
  fraction: 'string',
  amount: 'string',
};

/** The flag of a job parameter. */
export function flagSpecOf(p: JobParameter): FlagSpec {
  return {
    name: p.flag,
    kind: KIND[p.type],
    help: p.help,
    ...(p.default !== undefined ? { default: p.default } : {}),
    ...(p.choices ? { choices: p.choices } : {}),
    ...(p.value ? { value: p.value } : {}),
    ...(p.limit ? { limit: p.limit } : {}),
  };
}

function flags(...names: ParameterFlag[]): FlagSpec[] {
  return names.map((n) => flagSpecOf(parameter(n)));
}

export const MODEL_POSITIONAL: PositionalSpec = {
  name: 'model',
  help: 'catalog model name (segplan models), model spec .json, Hugging Face config.json or its folder, or hub id org/name[@revision]',
  default: 'llama-2-70b',
};

/** Settings of the job, in the order --help lists them. */
export const JOB_FLAGS: FlagSpec[] = [
  { name: 'scenario', kind: 'string', value: 'FILE', help: 'read defaults from a scenario file; flags override it (default: the built-in paper scenario)' },
  ...flags('gpu', 'gpus', 'nodes', 'gpu-mem', 'host-mem', 'seq-len', 'target-len', 'micro-batch'),
];

export const SEGPROP_FLAGS: FlagSpec[] = flags('segment-size', 'segments', 'head-depth', 'prefix-depth', 'forward');

/** BAdam's and LISA's layouts (read only by their schedules). */
export const BLOCKWISE_FLAGS: FlagSpec[] = flags('badam-block-size', 'badam-blocks', 'badam-switch-every', 'lisa-layers', 'lisa-period');

/** The strategy's axes, each replacing its preset's choice (docs/strategies.md). */
export const AXIS_FLAGS: FlagSpec[] = flags('schedule', 'adapter', 'lora-rank', 'lora-targets', 'base-dtype', 'sharding');

/** Where model states live, part by part; unset: the sharding's. */
export const PLACEMENT_FLAGS: FlagSpec[] = flags('trainable-placement', 'optimizer-placement', 'gradient-placement', 'frozen-placement');

/** A training budget: time-to-train, GPU-hours and cost at the plan's throughput (cli/budget.ts). */
export const BUDGET_FLAGS: FlagSpec[] = flags('tokens', 'samples', 'epochs', 'dataset-size', 'price');

export const TRAINING_FLAGS: FlagSpec[] = [
  ...AXIS_FLAGS,
  ...BLOCKWISE_FLAGS,
  ...flags(
    'checkpointing',
    'checkpoint-every',
    'saved-tensors',
    'attention',
    'flash-kernel',
    'precision',
    'optimizer',
    'optimizer-impl',
    'clip-grad',
    'grad-accum',
    'fp8-weights',
    'loss',
    'runtime',
    'steps-per-stage',
  ),
  ...PLACEMENT_FLAGS,
  ...flags('runtime-overhead', 'cuda-context', 'allocator-reserve', 'calibration'),
  ...BUDGET_FLAGS,
];

export const FORMAT_FLAGS: FlagSpec[] = [
  { name: 'json', kind: 'boolean', default: false, help: 'print JSON (bytes as exact integers; see docs/plan.schema.json)' },
  { name: 'csv', kind: 'boolean', default: false, help: 'print CSV' },
  { name: 'md', kind: 'boolean', default: false, help: 'print Markdown tables' },
];

export const STRATEGY_FLAG: FlagSpec = flagSpecOf(parameter('strategy'));

export const STRATEGIES_FLAG: FlagSpec = {
  name: 'strategies',
  kind: 'list',
  choices: STRATEGIES,
  value: 'LIST',
  default: ['e2e', 'fsdp-offload', 'segprop'],
  help: 'strategies to compare, comma-separated',
};
