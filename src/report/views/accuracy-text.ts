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

/** A note under a table of several plans: each GPU's spread once, and why the other plans have none. */
export function accuracyNote(results: readonly PlanResult[]): string[] {
  const x = (v: number) => v.toFixed(2);
  const spreads = new Map<string, string>();
  const none = new Map<string, number>();
  for (const { accuracy: a } of results) {
    if (a.checked) {
      const { p10, p90 } = a.measuredOverPlanned;
      spreads.set(
        a.gpu,
        `${a.runs} published runs on ${a.gpu} ran at ${x(p10)}–${x(p90)}x the tokens/s segplan planned for them (10th–90th percentile), so a step time, time to train or cost above on ${a.gpu} may be ${x(1 / p90)}–${x(1 / p10)}x as large`,
      );
    } else none.set(a.why, (none.get(a.why) ?? 0) + 1);
  }
  const lines = [...spreads.values()];
  for (const [why, n] of none) lines.push(`no published range for ${n} plan${n === 1 ? '' : 's'}: ${why}`);
  return lines.length === 0 ? [] : [`vs published runs (docs/published-throughput.md): ${lines.join('; ')}.`];
}
