// A plan's range at the published runs' spread (src/plan/accuracy.ts), in words for the summary table.
import type { PlanResult } from '../../plan/types.js';
import type { Range } from '../../plan/accuracy.js';
import { seconds } from '../units.js';

/** "a–b" in one unit's formatting. */
export function rangeText(r: Range, format: (x: number) => string): string {
  return `${format(r.low)}–${format(r.high)}`;
}

/** What the ranges beside a budget are, in a few words. */
export const AT_SPREAD = "at the published runs' 10th–90th percentile";

/** The summary row: the spread on this GPU and the step time it gives, or why the plan has none. */
export function accuracyRow(r: PlanResult): string[] {
  const a = r.accuracy;
  if (!a.checked) return ['vs published runs', `no range: ${a.why}`];
  const m = a.measuredOverPlanned;
  const x = (v: number) => v.toFixed(2);
  return [
    'vs published runs',
    `${a.runs} published runs on ${a.gpu} ran at ${x(m.p10)}–${x(m.p90)}x the tokens/s segplan planned for them (10th–90th percentile; median ${x(m.median)}; ${a.within15} within 15%; docs/published-throughput.md); at those ratios this step takes ${rangeText(a.stepSeconds, seconds)}`,
  ];
}
