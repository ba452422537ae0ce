// A sweep as a table: the varied values, the engine's verdict and the three frontier objectives.
import type { PlanResult } from '../../plan/types.js';
import { quantity } from '../../words.js';
import { costObjective, type Objectives, objectives } from '../frontier.js';
import { trainingColumns, trainingNote } from './training-cells.js';
import { accuracyNote } from './accuracy-text.js';
import { fitCell } from './plan-tables.js';
import type { Table } from '../table.js';
import { flops, gib, percent, seconds, throughputNoun, throughputRate } from '../units.js';
import type { FrontierAxis } from '../../scenario/types.js';

export interface SweepPoint {
  vary: Record<string, string | number>;
  result: PlanResult;
  frontier: boolean;
  /** a frontier point's number in the frontier chart */
  mark?: number;
}

/** `axis`: what the frontier trades memory against (FLOPs and time, or time alone: frontier.ts) */
export function sweepTable(points: SweepPoint[], title = 'Sweep', axis: FrontierAxis = 'flops'): Table {
  const axes = Object.keys(points[0]?.vary ?? {});
  // a varied strategy is already an axis column: each column once
  const strategyColumn = !axes.includes('strategy');
  const right = { align: 'right' as const };
  const frontierRows = new Set(points.flatMap((p, i) => (p.frontier ? [i] : [])));
  const training = trainingColumns(points.map((p) => p.result));
  const item = points[0] ? throughputNoun(points[0].result) : 'token';
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
      ...(axis === 'time' ? [{ header: 'time / update', ...right }] : []),
      { header: 'MFU', ...right },
      ...training.headers.map((header) => ({ header, ...right })),
      { header: 'frontier' },
    ],
    rows: points.map((p) => {
      const o = objectives(p.result);
      return [
        ...axes.map((a) => String(p.vary[a])),
        ...(strategyColumn ? [p.result.strategy] : []),
        fitCell(p.result),
        String(p.result.settings.microBatch),
        String(p.result.maxMicroBatch),
        gib(o.memory),
        flops(o.flopsPerToken),
        throughputRate(p.result),
        ...(axis === 'time' ? [seconds(o.secondsPerUpdate)] : []),
        percent(p.result.mfu),
        ...training.cells(p.result),
        p.frontier ? (p.mark === undefined ? '*' : `#${p.mark}`) : '',
      ];
    }),
    warnRows: new Set(points.flatMap((p, i) => (p.result.fits ? [] : [i]))),
    markRows: frontierRows,
    notes: [
      `${frontierRows.size} of ${quantity(points.length, 'point')} on the Pareto frontier: no other fitting point has lower or equal peak memory${
        axis === 'time'
          ? ' and time per update of every layer (time / update: one step of each stage)'
          : `, FLOPs per ${item}${costObjective(points.map((p) => p.result)) ? `, time per ${item} and cost` : ` and time per ${item}`}`
      } with one strictly lower.`,
      ...trainingNote(points.map((p) => p.result)),
      ...accuracyNote(points.map((p) => p.result)),
      `FLOPs / ${item}: mean FLOPs of a step over the stages divided by micro-batch x ${item === 'token' ? 'sequence length' : '1'}; FLOPs = 2 per multiply-add.`,
    ],
  };
}

/** The sweep's own CSV columns (varied values, two objectives, frontier) of each point, from its objectives. */
export function sweepCsvRows(points: ReadonlyArray<Pick<SweepPoint, 'vary' | 'frontier'> & { objectives: Objectives }>): {
  header: string[];
  rows: Array<Array<string | number | boolean>>;
} {
  const axes = Object.keys(points[0]?.vary ?? {});
  return {
    header: [...axes.map((a) => `vary_${a.replace(/-/g, '_')}`), 'flops_per_token', 'seconds_per_token', 'frontier'],
    rows: points.map((p) => [...axes.map((a) => p.vary[a]!), p.objectives.flopsPerToken, p.objectives.secondsPerToken, p.frontier]),
  };
}
