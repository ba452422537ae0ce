// A plan as a Hugging Face accelerate config (the YAML `accelerate config` writes): DDP or FSDP with its
// sharding strategy and CPU offload from the placement, activation checkpointing, mixed precision, machines
// and processes; the plan's numbers as comments. Keys as accelerate's FSDP guide lists them.
import { UserError } from '../errors.js';
import type { PlanResult } from '../plan/types.js';
import { AMAX_HISTORY_LEN } from '../precision/fp8.js';
import type { PrecisionName } from '../vocabulary.js';
import { shardingOf } from './sharding.js';

const FSDP_STRATEGY: Record<2 | 3, string> = { 2: 'SHARD_GRAD_OP', 3: 'FULL_SHARD' };
// sharded within each node, replicated across nodes
const HYBRID: Record<2 | 3, string> = { 2: '_HYBRID_SHARD_ZERO2', 3: 'HYBRID_SHARD' };

/**
 * accelerate's mixed_precision: bf16 / fp16 are torch.autocast over fp32 weights (amp-bf16 / amp-fp16), under
 * FSDP MixedPrecision(bf16, bf16, bf16) (fsdp-bf16); fp8 is Transformer Engine. The recipes with 16-bit weights
 * and an fp32 master (bf16-mixed) have no equivalent: the nearest switch is written and the export says so
 * (precision-notes.ts).
 */
function mixedPrecisionOf(precision: PrecisionName): string {
  if (precision === 'fsdp-bf16-fp32reduce')
    throw new UserError("accelerate: its config file has no switch for FSDP's reduce_dtype (fp32 reduce); use fsdp-bf16");
  switch (precision) {
    case 'amp-bf16':
    case 'fsdp-bf16':
    case 'bf16-mixed':
    case 'bf16-mixed-fp32grads':
      return 'bf16';
    case 'amp-fp16':
      return 'fp16';
    case 'fp8':
      return 'fp8';
    default:
      return "'no'";
  }
}

/** accelerate's fp8_config for Transformer Engine with TE's DelayedScaling defaults, which the plan counts. */
const TE_FP8_CONFIG = [
  'fp8_config:',
  '  amax_compute_algo: max',
  `  amax_history_len: ${AMAX_HISTORY_LEN}`,
  '  backend: TE',
  '  fp8_format: HYBRID',
  '  interval: 1',
  '  margin: 0',
  '  override_linear_precision: (false, false, false)',
  '  use_autocast_during_eval: false',
];

export function accelerateConfig(r: PlanResult, comments: string[]): string {
  const z = shardingOf(r, 'accelerate');
  const s = r.settings;
  if (z.stage === 1) throw new UserError('accelerate: FSDP cannot shard the optimizer state alone (ZeRO-1); shard gradients too, or use DeepSpeed');
  // FSDP's CPU offload moves parameters, gradients and the optimizer step together
  if (z.offloadOptimizer !== z.offloadParams) {
    throw new UserError('accelerate: FSDP offloads weights, gradients and optimizer state together (--trainable-placement offloaded), not the optimizer alone');
  }
  if ((s.checkpointing !== 'full' && s.checkpointing !== 'none') || s.checkpointEvery) {
    throw new UserError('accelerate: FSDP activation checkpointing wraps every layer whole (--checkpointing full or none, without --checkpoint-every)');
  }
  const lines = [
    ...comments.map((c) => `# ${c}`),
    'compute_environment: LOCAL_MACHINE',
    `distributed_type: ${z.stage === 0 ? 'MULTI_GPU' : 'FSDP'}`,
    "downcast_bf16: 'no'",
  ];
  if (z.stage !== 0) {
    lines.push(
      'fsdp_config:',
      `  fsdp_activation_checkpointing: ${s.checkpointing === 'full'}`,
      '  fsdp_auto_wrap_policy: TRANSFORMER_BASED_WRAP',
      '  fsdp_backward_prefetch: BACKWARD_PRE',
      `  fsdp_offload_params: ${z.offloadParams}`,
      `  fsdp_sharding_strategy: ${z.shardGroup !== null ? HYBRID[z.stage] : FSDP_STRATEGY[z.stage]}`,
      '  fsdp_state_dict_type: SHARDED_STATE_DICT',
      '  fsdp_sync_module_states: true',
      '  fsdp_use_orig_params: true',
    );
  }
  lines.push(
    'machine_rank: 0',
    'main_training_function: main',
    `mixed_precision: ${mixedPrecisionOf(s.precision)}`,
    ...(s.precision === 'fp8' ? TE_FP8_CONFIG : []),
    `num_machines: ${s.nodes}`,
    `num_processes: ${s.gpus}`,
    'rdzv_backend: static',
    'same_network: true',
    'use_cpu: false',
  );
  return `${lines.join('\n')}\n`;
}
