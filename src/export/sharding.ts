// What a plan's placement of trainable states means in ZeRO terms: which states are split over the GPUs and
// which live in host memory. Both exporters read it, so they never disagree about a plan.
import { UserError } from '../errors.js';
import type { PlanResult } from '../plan/types.js';

export interface Sharding {
  /** ZeRO stage: 0 replicated (DDP), 1 optimizer state, 2 + gradients, 3 + weights */
  stage: 0 | 1 | 2 | 3;
  /** weights (and with them everything) in host memory */
  offloadParams: boolean;
  /** optimizer state (and fp32 master weights, and gradients) in host memory */
  offloadOptimizer: boolean;
  /** sharded within each node, replicated across nodes (hybrid sharding): the GPUs of one shard group */
  shardGroup: number | null;
}

export function shardingOf(r: PlanResult, format: string): Sharding {
  if (r.settings.schedule !== 'e2e') {
    throw new UserError(
      `${format}: the ${r.settings.schedule} schedule trains stage by stage with frozen layers; ${format} has no such schedule (export an e2e schedule)`,
    );
  }
  const t = r.settings.placement.trainable;
  const away = (x: string) => x !== 'replicated';
  const offloadParams = t.weights === 'offloaded';
  const offloadOptimizer = t.optimizer === 'offloaded';
  if (t.gradients === 'offloaded' && !offloadOptimizer) {
    throw new UserError(`${format}: gradients in host memory need the optimizer there too (--optimizer-placement offloaded)`);
  }
  if (offloadParams && !offloadOptimizer) {
    throw new UserError(`${format}: weights in host memory with the optimizer on the GPUs has no ${format} setting`);
  }
  const stage = away(t.weights) ? 3 : away(t.gradients) ? 2 : away(t.optimizer) ? 1 : 0;
  const hybrid = r.settings.placement.group === 'node' && stage > 0 && r.settings.nodes > 1;
  return { stage, offloadParams, offloadOptimizer, shardGroup: hybrid ? r.settings.gpus / r.settings.nodes : null };
}
