// Strategies side by side: does it fit, the largest micro-batch, and which stage and event bind memory.
import type { PlanResult } from '../../plan/types.js';
import type { Table } from '../table.js';
import { flops, gib, percent, seconds, throughputRate } from '../units.js';
import { averageStepTime, meanStepFlops } from '../stage-stats.js';
import { fitCell, strategyLabel } from './plan-tables.js';
import { trainingColumns, trainingNote } from './training-cells.js';
import { accuracyNote } from './accuracy-text.js';

export function bindingText(r: PlanResult): string {
  const st = r.stages.find((s) => s.index === r.bindingStage);
  return st ? `${st.index} ${st.name}` : String(r.bindingStage);
}

/** `labels`: each strategy's name in the table (default: the plan's own description) */
export function compareTable(results: PlanResult[], labels = results.map(strategyLabel)): Table {
  const first = results[0];
  const s = first?.settings;
  const right = { align: 'right' as const };
  const training = trainingColumns(results);
  return {
    title: first && s ? `${first.model.name} on ${s.gpus} x ${s.gpu} (${gib(s.gpuMemoryBytes)}), ${first.model.input} per sample` : 'compare',
    columns: [
      { header: 'strategy' },
      { header: 'fits' },
      { header: 'micro-batch', ...right },
      { header: 'max micro-batch', ...right },
      { header: 'peak / GPU', ...right },
      { header: 'held / GPU', ...right },
      { header: 'binding stage' },
      { header: 'binding event' },
      { header: 'step time', ...right },
      { header: 'throughput', ...right },
      { header: 'MFU', ...right },
      { header: 'FLOPs / step', ...right },
      ...training.headers.map((header) => ({ header, ...right })),
    ],
    rows: results.map((r, i) => [
      labels[i]!,
      fitCell(r),
      String(r.settings.microBatch),
      String(r.maxMicroBatch),
      gib(r.peakBytes),
      gib(r.heldBytes),
      bindingText(r),
      r.bindingEvent.event,
      seconds(averageStepTime(r)),
      throughputRate(r),
      percent(r.mfu),
      flops(meanStepFlops(r)),
      ...training.cells(r),
    ]),
    warnRows: new Set(results.flatMap((r, i) => (r.fits ? [] : [i]))),
    notes: [
      "peak / GPU (live tensors + overhead) and held / GPU (with the allocator margin: what fits compares) at the planned micro-batch; margin: fits only without the margin; step time and FLOPs / step are means over a strategy's stages; FLOPs = 2 per multiply-add.",
      ...trainingNote(results),
      ...accuracyNote(results),
    ],
  };
}
