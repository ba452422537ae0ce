// A plan as a torchtitan job configuration (TOML): the data-parallel degrees from the sharding (DDP replicates,
// FSDP2 shards, HSDP does both), CPU offload, mixed precision, activation checkpointing, the planned batch and
// sequence, the optimizer implementation the plan assumes; the plan's numbers as comments. Keys as torchtitan's
// JobConfig (torchtitan/config/job_config.py: [model], [optimizer], [training], [parallelism],
// [activation_checkpoint]).
import { UserError } from '../errors.js';
import type { PlanResult } from '../plan/types.js';
import type { PrecisionName } from '../vocabulary.js';
import { shardingOf } from './sharding.js';

/** Catalog models torchtitan ships, as its model name and flavor (torchtitan/models/llama3). */
const FLAVORS: Record<string, [string, string]> = {
  'llama-3-8b': ['llama3', '8B'],
  'llama-3.1-8b': ['llama3', '8B'],
  'llama-3-70b': ['llama3', '70B'],
};

/** What torchtitan can run: FSDP2 MixedPrecisionPolicy over fp32 parameters, fp32, and torchao float8 (bf16-mixed and fp8 with a note). */
const TORCHTITAN_PRECISIONS: readonly PrecisionName[] = ['fsdp-bf16-fp32reduce', 'fsdp-bf16', 'bf16-mixed', 'fp32', 'fp8'];

export function torchtitanConfig(r: PlanResult, comments: string[]): string {
  const z = shardingOf(r, 'torchtitan');
  const s = r.settings;
  if (z.stage === 1 || z.stage === 2) {
    throw new UserError('torchtitan: FSDP2 shards weights, gradients and optimizer state together (ZeRO-3); it has no ZeRO-1/2 (plan fsdp or hybrid)');
  }
  if (z.offloadOptimizer !== z.offloadParams) {
    throw new UserError(
      'torchtitan: CPU offload moves weights, gradients and optimizer state together (--trainable-placement offloaded), not the optimizer alone',
    );
  }
  if (!TORCHTITAN_PRECISIONS.includes(s.precision)) {
    throw new UserError(`torchtitan: --precision ${s.precision} has no torchtitan setting (its mixed precision computes in bf16 from fp32 parameters)`);
  }
  if (s.optimizer !== 'adamw') throw new UserError(`torchtitan: --optimizer ${s.optimizer} is not one of torchtitan's optimizers (AdamW)`);
  if (s.checkpointing === 'op') {
    throw new UserError("torchtitan: its op-level checkpointing recomputes every second matmul (--checkpointing torchtitan-op), not torch's plain save list");
  }
  if (s.checkpointing === 'selective') {
    throw new UserError(
      "torchtitan: its selective checkpointing saves chosen ops' outputs (selective_ac_option), not Megatron's attention recompute that segplan plans (--checkpointing full or none)",
    );
  }
  const replicate = z.stage === 0 ? s.gpus : z.shardGroup === null ? 1 : s.nodes;
  const shard = s.gpus / replicate;
  const flavor = FLAVORS[r.model.name];
  const lines = [
    ...comments.map((c) => `# ${c}`),
    '',
    '[job]',
    `description = "segplan plan: ${r.model.name} on ${s.gpus} x ${s.gpu}"`,
    '',
    '[model]',
    ...(flavor
      ? [`name = "${flavor[0]}"`, `flavor = "${flavor[1]}"`]
      : [`# torchtitan ships no ${r.model.name}: set name and flavor to the model you registered`]),
    // torchao's Float8Linear on every linear but the output layer (torchtitan's default filter_fqns)
    ...(s.precision === 'fp8' ? ['converters = ["float8"]'] : []),
    '',
    '[optimizer]',
    'name = "AdamW"',
    // the plan counts foreach AdamW's transient
    'implementation = "foreach"',
    '',
    '[training]',
    `local_batch_size = ${s.microBatch}`,
    `global_batch_size = ${s.microBatch * s.gpus}`,
    `seq_len = ${s.seqLen}`,
    `mixed_precision_param = "${s.precision === 'fp32' ? 'float32' : 'bfloat16'}"`,
    `mixed_precision_reduce = "${s.precision === 'fsdp-bf16' ? 'bfloat16' : 'float32'}"`,
    `enable_cpu_offload = ${z.offloadParams}`,
    '',
    '[parallelism]',
    `data_parallel_replicate_degree = ${replicate}`,
    `data_parallel_shard_degree = ${shard}`,
    '',
    '[activation_checkpoint]',
    // its selective mode is segplan's op-level policy ("op") or every n-th layer (a number)
    ...(s.checkpointing === 'torchtitan-op'
      ? ['mode = "selective"', 'selective_ac_option = "op"']
      : s.checkpointEvery
        ? ['mode = "selective"', `selective_ac_option = "${s.checkpointEvery}"`]
        : [`mode = "${s.checkpointing}"`]),
  ];
  return `${lines.join('\n')}\n`;
}
