// One strategy's column: the engine's PlanResult, or the engine's error message (shown in place of numbers).
import type { PlanResult } from '../plan/types.js';
import type { StrategyName } from '../vocabulary.js';

export interface Outcome {
  strategy: StrategyName;
  result: PlanResult | null;
  error: string | null;
}

/** the live tensors fit, but not with the caching allocator's margin on top (the engine's fit 'margin') */
export const MARGIN = 'only w/o alloc margin';

/** why a column is infeasible, or null when it fits; the engine's flags, worded */
export function infeasibility(o: Outcome): string | null {
  if (o.error !== null) return 'error';
  const r = o.result;
  if (!r || r.fits) return null;
  if (r.fitsHost && r.fit === 'margin') return MARGIN;
  if (r.maxMicroBatch === 0) return 'b=1 > GPU memory';
  if (!r.fitsHost) return 'host RAM too small';
  return 'µbatch > GPU memory';
}

export const STRATEGY_TITLES: Record<StrategyName, string> = {
  e2e: 'E2E',
  zero1: 'ZeRO-1',
  zero2: 'ZeRO-2',
  fsdp: 'FSDP',
  hybrid: 'HSDP',
  'fsdp-offload': 'FSDP+offload',
  segprop: 'SegProp',
  badam: 'BAdam',
  lisa: 'LISA',
  lora: 'LoRA',
  qlora: 'QLoRA',
};
