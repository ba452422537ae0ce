// SegProp, stage by stage: each stage's memory bar at its own peak, its max micro-batch and whether it fits.
// With fewer rows than stages, the first stages are shown and a last line says how many more and which
// stage binds.
import type { PlanResult } from '../plan/types.js';
import { barRowLines, type BarRow } from './bar-rows.js';
import { gibNumber } from './format.js';
import type { Layout } from './layout.js';
import { clip, type Line } from './line.js';
import { barPieces } from './memory-bar.js';

/** "segment layers.8..layers.15 + head" -> "L8..L15 + head" (the engine's stage name, shortened) */
function shortName(name: string): string {
  return name.replace(/^segment /, '').replace(/layers\./g, 'L');
}

/** `rows`: the lines the panel may take, its title included (at least 2) */
export function stageLines(result: PlanResult | null, segpropShown: boolean, layout: Layout, rows: number): Line[] {
  const columns = layout.columns;
  if (!result) {
    const why = segpropShown ? 'no plan (the engine refused SegProp: see above)' : 'SegProp is not shown (press 4)';
    return [[{ text: clip(`SegProp stages: ${why}`, columns), role: 'muted' }]];
  }
  const stages = result.stages;
  const room = Math.max(1, rows - 1);
  const shown = stages.length <= room ? stages : stages.slice(0, room - 1);
  const bars: BarRow[] = shown.map((s) => ({
    name: `s${s.index + 1} ${layout.narrow ? '' : shortName(s.name)}`,
    bar: (w: number) => barPieces(s.memory, result.settings.gpuMemoryBytes, w),
    value: ` ${gibNumber(s.memory.peakBytes).padStart(6)} GiB ${s.fits ? '✓' : '✗'} µb≤${s.maxMicroBatch}`,
    valueRole: s.fits ? 'good' : 'bad',
  }));
  const title = `SegProp stages (${stages.length}): memory per GPU at each stage's peak; µb≤ its max micro-batch`;
  const lines: Line[] = [[{ text: clip(title, columns), role: 'accent' }], ...barRowLines(bars, layout.narrow ? 5 : columns >= 100 ? 25 : 20, columns)];
  if (shown.length < stages.length) {
    const binding = stages[result.bindingStage]!;
    const more = `… ${stages.length - shown.length} more; binding s${result.bindingStage + 1}: ${binding.peakEvent.event}`;
    lines.push([{ text: clip(more, columns), role: 'muted' }]);
  }
  return lines;
}
