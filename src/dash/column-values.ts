// The text of one strategy column, row by row, straight from the engine's PlanResult. Multi-stage plans
// (SegProp) show the range over their stages for per-step figures. Formatting only.
import { seconds as duration, throughputItem, usd } from '../report/units.js';
import type { PlanResult } from '../plan/types.js';
import { flops, gib, gibNumber, percent, range, rate, seconds, si } from './format.js';
import { infeasibility, MARGIN, type Outcome } from './outcome.js';

export type RowId =
  'status' | 'maxMicroBatch' | 'microBatch' | 'peak' | 'held' | 'flops' | 'step' | 'throughput' | 'mfu' | 'binding' | 'trainTime' | 'cost' | 'costRange';

export interface RowDef {
  id: RowId;
  label: string;
  short: string;
  /** shown only when the layout has room for detail rows */
  detail: boolean;
  /** shown only when the plans price a training budget (--tokens, the budget knob) */
  budget?: true;
}

export const ROWS: readonly RowDef[] = [
  { id: 'status', label: 'feasible', short: 'fits', detail: false },
  { id: 'maxMicroBatch', label: 'max µbatch', short: 'max µb', detail: false },
  { id: 'microBatch', label: 'µbatch used', short: 'µb', detail: false },
  { id: 'peak', label: 'peak/GPU', short: 'peak', detail: false },
  { id: 'held', label: 'alloc/held', short: 'held', detail: false },
  { id: 'flops', label: 'FLOPs/GPU·step', short: 'FLOPs', detail: false },
  { id: 'step', label: 'step time', short: 'step', detail: false },
  { id: 'throughput', label: 'throughput', short: 'tok/s', detail: false },
  { id: 'mfu', label: 'MFU', short: 'MFU', detail: true },
  { id: 'binding', label: 'binding', short: 'bind', detail: true },
  { id: 'trainTime', label: 'time to train', short: 'train', detail: false, budget: true },
  { id: 'cost', label: 'cost', short: 'cost', detail: false, budget: true },
  { id: 'costRange', label: 'cost range', short: 'cost rng', detail: true, budget: true },
];

function minMax(values: number[], fmt: (v: number) => string): string {
  return range(fmt(Math.min(...values)), fmt(Math.max(...values)));
}

function planValue(r: PlanResult, row: RowId, auto: boolean): string {
  switch (row) {
    case 'status':
      return '';
    case 'maxMicroBatch':
      return String(r.maxMicroBatch);
    case 'microBatch':
      return auto ? `${r.settings.microBatch} (auto)` : String(r.settings.microBatch);
    case 'peak':
      return gib(r.peakBytes);
    case 'held':
      // max_memory_allocated, and what the process holds with the allocator margin (what "fits" compares)
      return `${gibNumber(r.allocatedBytes)}/${gib(r.heldBytes)}`;
    case 'flops':
      return minMax(
        r.stages.map((s) => s.flops.total),
        flops,
      );
    case 'step':
      return minMax(
        r.stages.map((s) => s.stepTimeSeconds),
        seconds,
      );
    case 'throughput':
      return throughputItem(r) === 'tok' ? rate(r.throughput.tokensPerSecond, 'tok') : rate(r.throughput.samplesPerSecond, throughputItem(r));
    case 'mfu':
      return percent(r.mfu);
    case 'binding':
      return r.stages.length > 1 ? `s${r.bindingStage + 1}/${r.stages.length} ${r.bindingEvent.event}` : r.bindingEvent.event;
    case 'trainTime':
      // the engine's estimate (src/time/time-to-train.ts): wall time at the plan's throughput
      return r.training?.seconds != null ? duration(r.training.seconds) : '—';
    case 'cost':
      // price × GPUs × time; no price: the GPU has no catalog price and none was given
      if (!r.training) return '—';
      return r.training.price ? usd(r.training.costUsd) : 'no price (y)';
    case 'costRange':
      // the cost at the published runs' 10th-90th percentile of measured ÷ planned on this GPU (src/plan/accuracy.ts)
      if (!r.accuracy.checked) return 'no range';
      return r.accuracy.costUsd ? range(`$${si(r.accuracy.costUsd.low)}`, `$${si(r.accuracy.costUsd.high)}`) : '—';
  }
}

export function statusText(o: Outcome): string {
  const why = infeasibility(o);
  if (why === null) return '✓ fits';
  if (why === 'error') return '! error';
  if (why === MARGIN) return `~ ${why}`;
  return `✗ ${why}`;
}

/** the cell of `row` in the column of `o`; '' for an errored column (its message is shown instead) */
export function cellText(o: Outcome, row: RowId, auto: boolean): string {
  if (row === 'status') return statusText(o);
  if (!o.result) return '';
  return planValue(o.result, row, auto);
}
