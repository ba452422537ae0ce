// Time-to-train, GPU-hours and cost of a plan's training budget, as table cells and as a sentence.
import type { PlanResult } from '../../plan/types.js';
import type { TrainingBudget, TrainingEstimate } from '../../time/time-to-train.js';
import type { Range } from '../../plan/accuracy.js';
import { count, grouped, seconds, usd } from '../units.js';
import { AT_SPREAD, rangeText } from './accuracy-text.js';

export function budgetText(b: TrainingBudget): string {
  if ('tokens' in b) return `${count(b.tokens)} tokens`;
  if ('samples' in b) return `${count(b.samples)} samples`;
  return `${b.epochs} epoch${b.epochs === 1 ? '' : 's'} of ${count(b.datasetSize)} samples`;
}

function gpuHoursText(h: number | null): string {
  if (h === null) return '—';
  return h >= 100 ? count(Math.round(h)) : h.toFixed(1);
}

/** A price per GPU-hour keeps the catalog's own digits ($2.4984). */
function priceText(p: NonNullable<TrainingEstimate['price']>): string {
  const where = p.source === '--price' ? '--price' : `catalog reference price of ${p.date ?? 'unknown date'}; segplan gpus --json for its source`;
  return `$${grouped(p.usdPerGpuHour, 4)} per GPU-hour (${where})`;
}

/** Columns for tables of several plans; empty when no plan has a budget. */
export function trainingColumns(results: PlanResult[]): { headers: string[]; cells: (r: PlanResult) => string[] } {
  if (!results.some((r) => r.training)) return { headers: [], cells: () => [] };
  return {
    headers: ['time to train', 'GPU-hours', 'cost'],
    cells: (r) => (r.training ? [seconds(r.training.seconds ?? Infinity), gpuHoursText(r.training.gpuHours), usd(r.training.costUsd)] : ['—', '—', '—']),
  };
}

/** A note under such a table: the budget and the price used. */
export function trainingNote(results: PlanResult[]): string[] {
  const t = results.find((r) => r.training)?.training;
  if (!t) return [];
  const prices = [...new Set(results.flatMap((r) => (r.training?.price ? [`${r.settings.gpu} ${priceText(r.training.price)}`] : [])))];
  const segprop = results.some((r) => r.strategy === 'segprop' && r.training)
    ? " SegProp: the tokens pass through its schedule of stages, each training its segment and the head, not through every layer's update."
    : '';
  return [`time to train: ${budgetText(t.budget)} at each plan's throughput; cost = price x GPUs x time; ${prices.join('; ')}.${segprop}`];
}

/** The summary rows of one plan. */
export function trainingRows(r: PlanResult): string[][] {
  const t = r.training;
  if (!t) return [];
  const a = r.accuracy.checked ? r.accuracy : undefined;
  const spread = (range: Range | undefined, format: (x: number) => string) => (range ? `; ${rangeText(range, format)} ${AT_SPREAD}` : '');
  const rows = [
    ['budget', `${budgetText(t.budget)}: ${count(t.samples)} samples${r.model.tokensPerSample > 1 ? ` of ${count(r.model.tokensPerSample)} tokens` : ''}`],
    ['time to train', `${seconds(t.seconds ?? Infinity)}, ${gpuHoursText(t.gpuHours)} GPU-hours${spread(a?.trainSeconds, seconds)}`],
  ];
  if (t.price) rows.push(['cost', `${usd(t.costUsd)} at ${priceText(t.price)}${spread(a?.costUsd, usd)}`]);
  return rows;
}
