// A plan as a DeepSpeed configuration (ds_config.json): ZeRO stage and CPU offload from the placement, the
// planned micro-batch, the precision. JSON has no comments: the plan's numbers are printed beside it.
// Keys: DeepSpeed's configuration reference (zero_optimization, offload_param, offload_optimizer,
// train_micro_batch_size_per_gpu, gradient_accumulation_steps, train_batch_size, bf16).
import { UserError } from '../errors.js';
import type { PlanResult } from '../plan/types.js';
import { shardingOf } from './sharding.js';

export function deepspeedConfig(r: PlanResult): Record<string, unknown> {
  const z = shardingOf(r, 'DeepSpeed');
  if (z.shardGroup !== null && z.stage !== 3) throw new UserError('DeepSpeed: sharding within a node (MiCS) needs ZeRO stage 3: weights sharded too');
  if (r.settings.precision === 'bf16') {
    throw new UserError(
      'DeepSpeed: pure bf16 (no fp32 master weights) has no DeepSpeed switch; its bf16 mode keeps fp32 master weights (plan with --precision bf16-mixed)',
    );
  }
  if (r.settings.precision.startsWith('fsdp-')) {
    throw new UserError(
      `DeepSpeed: ${r.settings.precision} is PyTorch FSDP's MixedPrecision; DeepSpeed's bf16 mode keeps bf16 weights with an fp32 master copy (plan with --precision bf16-mixed)`,
    );
  }
  if (r.settings.precision.startsWith('amp-')) {
    throw new UserError(
      `DeepSpeed: ${r.settings.precision} is torch.autocast over fp32 weights; DeepSpeed's bf16 and fp16 modes keep 16-bit weights with an fp32 master copy (plan with --precision bf16-mixed)`,
    );
  }
  const b = r.settings.microBatch;
  const cpu = { device: 'cpu', pin_memory: true };
  return {
    train_micro_batch_size_per_gpu: b,
    gradient_accumulation_steps: 1,
    train_batch_size: b * r.settings.gpus,
    // fp8: the bf16 weights and fp32 master of bf16 mode; FP8 itself lives in the model code (precision-notes.ts)
    ...(r.settings.precision === 'bf16-mixed' || r.settings.precision === 'fp8' ? { bf16: { enabled: true } } : {}),
    // BF16_Optimizer accumulates gradients in fp32 unless told otherwise (DeepSpeed PR #4713)
    ...(r.settings.precision === 'bf16-mixed-fp32grads' ? { bf16: { enabled: true }, data_types: { grad_accum_dtype: 'fp32' } } : {}),
    zero_optimization: {
      stage: z.stage,
      ...(z.offloadParams ? { offload_param: cpu } : {}),
      ...(z.offloadOptimizer ? { offload_optimizer: cpu } : {}),
      // MiCS (Zhang et al. 2022): ZeRO-3 within groups of this many GPUs, replicated across the groups
      ...(z.shardGroup !== null ? { mics_shard_size: z.shardGroup } : {}),
    },
  };
}
