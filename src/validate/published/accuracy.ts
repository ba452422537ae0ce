// The published suite's result as the spread a plan reads (src/plan/accuracy.ts): measured ÷ planned tokens/s
// per GPU, over every planned run, held out or not (the spread describes the model; nothing is chosen with it),
// and the settings the runs had, which a plan must share to read it.

import type { PublishedAccuracy, RatioSpread, RunKind, RunKinds } from '../../plan/accuracy.js';
import { withinBar, type PublishedRun } from './run.js';

/** The p-quantile of ascending `sorted`, linear between order statistics (Hyndman and Fan's type 7, numpy's default). */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Ratios rounded to 4 decimals: the generated module stays readable, and 0.01% is far below the spread. */
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

function spreadOf(ratios: number[]): RatioSpread {
  const s = [...ratios].sort((a, b) => a - b);
  return { min: round4(s[0]!), p10: round4(quantile(s, 0.1)), median: round4(quantile(s, 0.5)), p90: round4(quantile(s, 0.9)), max: round4(s[s.length - 1]!) };
}

export function publishedAccuracy(run: PublishedRun): PublishedAccuracy {
  const gpus = [...new Set(run.results.map((r) => r.gpu))].sort();
  const byGpu = gpus.map((gpu) => {
    const rs = run.results.filter((r) => r.gpu === gpu);
    return {
      gpu,
      runs: rs.length,
      within15: rs.filter(withinBar).length,
      measuredOverPlanned: spreadOf(rs.map((r) => r.measured / r.predicted)),
      covers: coverOf(rs.map((r) => r.kind)),
    };
  });
  return { runs: run.results.length, byGpu };
}

/** Each setting's distinct values, sorted. */
function coverOf(kinds: readonly RunKind[]): RunKinds {
  const axes = Object.keys(kinds[0] ?? {}) as (keyof RunKind)[];
  return Object.fromEntries(axes.map((axis) => [axis, [...new Set(kinds.map((k) => k[axis]))].sort()])) as unknown as RunKinds;
}
