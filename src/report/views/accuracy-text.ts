// A plan's range at the published runs' spread (src/plan/accuracy.ts), in words for the summary table.
import type { PlanResult } from '../../plan/types.js';
import { timeFactor, type GpuAccuracy, type Range } from '../../plan/accuracy.js';
import { seconds } from '../units.js';

/** "a–b" in one unit's formatting. */
export function rangeText(r: Range, format: (x: number) => string): string {
  return `${format(r.low)}–${format(r.high)}`;
}

/** What the ranges beside a budget are, in a few words. */
export const AT_SPREAD = "at the published runs' 10th–90th percentile";

/** a ratio as printed: two decimals */
export const ratio = (v: number) => v.toFixed(2);

/** "76 published runs on a100-80gb ran at 0.87–1.19x the tokens/s segplan planned for them (10th–90th percentile" */
function spreadPhrase(g: GpuAccuracy): string {
  const m = g.measuredOverPlanned;
  return `${g.runs} published runs on ${g.gpu} ran at ${ratio(m.p10)}–${ratio(m.p90)}x the tokens/s segplan planned for them (10th–90th percentile`;
}

/** The summary row: the spread on this GPU and the step time it gives, or why the plan has none. */
export function accuracyRow(r: PlanResult): string[] {
  const a = r.accuracy;
  if (!a.checked) return ['vs published runs', `no range: ${a.why}`];
  return [
    'vs published runs',
    `${spreadPhrase(a)}; median ${ratio(a.measuredOverPlanned.median)}; ${a.within15} within 15%; docs/published-throughput.md); at those ratios this step would take ${rangeText(a.stepSeconds, seconds)}`,
  ];
}

/** A note under a table of several plans: each GPU's spread once, the plans it applies to, and why the others have none. */
export function accuracyNote(results: readonly PlanResult[]): string[] {
  const byGpu = new Map<string, { spread: GpuAccuracy; plans: number }>();
  const none = new Map<string, number>();
  for (const { accuracy: a } of results) {
    if (a.checked) byGpu.set(a.gpu, { spread: a, plans: (byGpu.get(a.gpu)?.plans ?? 0) + 1 });
    else none.set(a.why, (none.get(a.why) ?? 0) + 1);
  }
  const lines = [...byGpu.values()].map(({ spread: g, plans }) => {
    const f = timeFactor(g.measuredOverPlanned);
    return `${spreadPhrase(g)}): at those ratios the step time, time to train and cost of ${plans === 1 ? 'the plan' : `the ${plans} plans`} on ${g.gpu} with a range would be ${ratio(f.low)}–${ratio(f.high)}x the planned`;
  });
  for (const [why, n] of none) lines.push(`no range for ${n} plan${n === 1 ? '' : 's'}: ${why}`);
  return lines.length === 0 ? [] : [`vs published runs (docs/published-throughput.md): ${lines.join('; ')}.`];
}
