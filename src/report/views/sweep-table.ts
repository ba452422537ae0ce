// A sweep as a table: the varied values, the engine's verdict and the three frontier objectives.
import type { PlanResult } from '../../plan/types.js';
import { quantity } from '../../words.js';
import { objectives } from '../frontier.js';
import type { Table } from '../table.js';
import { flops, gib, percent, throughputItem, throughputRate } from '../units.js';

export interface SweepPoint {
  vary: Record<string, string | number>;
  result: PlanResult;
  frontier: boolean;
}

export function sweepTable(points: SweepPoint[], title = 'Sweep'): Table {
  const axes = Object.keys(points[0]?.vary ?? {});
  // a varied strategy is already an axis column: each column once
  const strategyColumn = !axes.includes('strategy');
  const right = { align: 'right' as const };
  const frontierRows = new Set(points.flatMap((p, i) => (p.frontier ? [i] : [])));
  const item = points[0] ? ({ tok: 'token', img: 'image', sample: 'sample' } as const)[throughputItem(points[0].result)] : 'token';
  return {
    title,
    columns: [
      ...axes.map((a) => ({ header: a, align: 'right' as const })),
      ...(strategyColumn ? [{ header: 'strategy' }] : []),
      { header: 'fits' },
      { header: 'micro-batch', ...right },
      { header: 'max b', ...right },
      { header: 'peak / GPU', ...right },
      { header: `FLOPs / ${item}`, ...right },
      { header: 'throughput', ...right },
      { header: 'MFU', ...right },
      { header: 'frontier' },
    ],
    rows: points.map((p) => {
      const o = objectives(p.result);
      return [
        ...axes.map((a) => String(p.vary[a])),
        ...(strategyColumn ? [p.result.strategy] : []),
        p.result.fits ? 'yes' : 'NO',
        String(p.result.settings.microBatch),
        String(p.result.maxMicroBatch),
        gib(o.memory),
        flops(o.flopsPerToken),
        throughputRate(p.result),
        percent(p.result.mfu),
        p.frontier ? '*' : '',
      ];
    }),
    warnRows: new Set(points.flatMap((p, i) => (p.result.fits ? [] : [i]))),
    markRows: frontierRows,
    notes: [
      `${frontierRows.size} of ${quantity(points.length, 'point')} on the Pareto frontier (*): no other fitting point has lower or equal peak memory, FLOPs per ${item} and time per ${item} with one strictly lower.`,
      `FLOPs / ${item}: mean FLOPs of a step over the stages divided by micro-batch x ${item === 'token' ? 'sequence length' : '1'}; FLOPs = 2 per multiply-add.`,
    ],
  };
}

export function sweepCsvRows(points: SweepPoint[]): { header: string[]; rows: Array<Array<string | number | boolean>> } {
  const axes = Object.keys(points[0]?.vary ?? {});
  return {
    header: [...axes.map((a) => `vary_${a.replace(/-/g, '_')}`), 'flops_per_token', 'seconds_per_token', 'frontier'],
    rows: points.map((p) => {
      const o = objectives(p.result);
      return [...axes.map((a) => p.vary[a]!), o.flopsPerToken, o.secondsPerToken, p.frontier];
    }),
  };
}
