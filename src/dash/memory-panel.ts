// Memory per GPU at the binding stage's peak, one bar per strategy, against the GPU's capacity.
import { barRowLines, type BarRow } from './bar-rows.js';
import { gib, gibNumber } from './format.js';
import type { Layout } from './layout.js';
import { legendLine } from './legend.js';
import { clip, type Line } from './line.js';
import { barPieces } from './memory-bar.js';
import { infeasibility, type Outcome, STRATEGY_TITLES } from './outcome.js';

/** title and one bar per strategy with a plan; `legend` adds the glyphs' meanings */
export function memoryLines(outcomes: readonly Outcome[], capacityBytes: number | null, layout: Layout, legend: boolean): Line[] {
  if (capacityBytes === null) return [];
  const rows: BarRow[] = outcomes.flatMap((o) => {
    const r = o.result;
    if (!r) return [];
    const fits = infeasibility(o) === null;
    return [
      {
        name: STRATEGY_TITLES[o.strategy],
        bar: (w: number) => barPieces(r.stages[r.bindingStage]!.memory, capacityBytes, w),
        value: ` ${gibNumber(r.peakBytes).padStart(6)} GiB ${fits ? '✓' : '✗'}`,
        valueRole: fits ? 'good' : 'bad',
      },
    ];
  });
  if (rows.length === 0) return [];
  const title = `memory per GPU at the peak (binding stage), capacity ${gib(capacityBytes)}`;
  return [
    [{ text: clip(title, layout.columns), role: 'accent' }],
    ...barRowLines(rows, layout.labelWidth, layout.columns),
    ...(legend ? [legendLine(layout.columns)] : []),
  ];
}

/** lines memoryLines draws for these outcomes (title + bars), legend not counted */
export function memoryCoreHeight(outcomes: readonly Outcome[], capacityBytes: number | null): number {
  const bars = outcomes.filter((o) => o.result !== null).length;
  return capacityBytes === null || bars === 0 ? 0 : 1 + bars;
}
