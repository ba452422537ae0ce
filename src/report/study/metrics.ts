// The figures a study compares strategies by: what each one reads from a plan, its unit, and which way is
// better. A study's tables, charts and claim verdicts all read a metric from here, so a claim about "the
// larger micro-batch" is decided by the same number the reader sees in the table.
import type { PlanResult } from '../../plan/types.js';
import { gib, rate, seconds, throughputItem } from '../units.js';

type ThroughputItem = ReturnType<typeof throughputItem>;
import { averageStepTime, hostBytesOf, meanOverStages } from '../stage-stats.js';

export const METRIC_NAMES = [
  'max-micro-batch',
  'peak',
  'held',
  'step-time',
  'throughput',
  'host-memory',
  'pcie-traffic',
  'offload-time',
  'flops-vs-e2e',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
/** what a study shows for every variant unless its scenario names its own metrics */
export const DEFAULT_STUDY_METRICS: MetricName[] = ['max-micro-batch', 'peak', 'throughput'];

export interface Metric {
  /** a column or axis title, with its unit */
  title: string;
  better: 'higher' | 'lower';
  value(r: PlanResult): number;
  /** the value as the tables print it; `item` is what the model's throughput counts */
  format(value: number, item: ThroughputItem): string;
  /** why a plan's value is what it is, when the value alone would mislead (a table cell adds it) */
  why?(r: PlanResult): string | undefined;
  /** a plan that cannot run (GPU or host memory) never does better than one that can: a time it would take is moot */
  runsOnly?: boolean;
  /** the chart's unit: values are divided by `scale` */
  chart: { unit: string; scale: number };
}

const GIB = 2 ** 30;

/** A plan's value of `metric` as a table cell: the number, and why it is what it is where that matters. */
export function metricCell(metric: Metric, r: PlanResult): string {
  const text = metric.format(metric.value(r), throughputItem(r));
  const why = metric.why?.(r);
  return why ? `${text} (${why})` : text;
}

/** why a plan cannot run at its planned micro-batch, or undefined when it can */
function notRunning(r: PlanResult): string | undefined {
  return r.fits ? undefined : r.fitsHost ? 'does not fit' : 'host RAM';
}

export const METRICS: Record<MetricName, Metric> = {
  'max-micro-batch': {
    title: 'largest micro-batch that runs (per GPU)',
    better: 'higher',
    // offloaded states that do not fit host RAM stop the job at any micro-batch
    value: (r) => (r.fitsHost ? r.maxMicroBatch : 0),
    format: (v) => String(v),
    why: (r) => (r.fitsHost ? undefined : 'host RAM'),
    chart: { unit: 'samples per GPU', scale: 1 },
  },
  peak: {
    title: 'peak memory per GPU at the planned micro-batch',
    better: 'lower',
    value: (r) => r.peakBytes,
    format: (v) => gib(v),
    chart: { unit: 'GiB per GPU', scale: GIB },
  },
  held: {
    title: 'memory the process holds per GPU (with the allocator margin)',
    better: 'lower',
    value: (r) => r.heldBytes,
    format: (v) => gib(v),
    chart: { unit: 'GiB per GPU', scale: GIB },
  },
  'step-time': {
    title: 'time per optimizer step (mean over stages)',
    better: 'lower',
    value: averageStepTime,
    format: (v) => seconds(v),
    why: notRunning,
    runsOnly: true,
    chart: { unit: 'seconds', scale: 1 },
  },
  throughput: {
    title: 'throughput of the cluster at the planned micro-batch',
    better: 'higher',
    // tokens for sequence models; image models count one token per image; a job that does not fit runs at none
    value: (r) => (r.fits ? r.throughput.tokensPerSecond : 0),
    why: notRunning,
    format: (v, item) => rate(v, `${item}/s`),
    chart: { unit: 'items per second (tokens or images)', scale: 1 },
  },
  'host-memory': {
    title: 'host RAM per node for offloaded states',
    better: 'lower',
    value: hostBytesOf,
    format: (v) => gib(v),
    chart: { unit: 'GiB per node', scale: GIB },
  },
  'pcie-traffic': {
    title: 'host-GPU traffic over PCIe per GPU per step (mean over stages)',
    better: 'lower',
    value: (r) => meanOverStages(r, (st) => st.pcieBytes),
    format: (v) => gib(v),
    chart: { unit: 'GiB per GPU per step', scale: GIB },
  },
  'offload-time': {
    title: 'PCIe copy time per step (mean over stages)',
    better: 'lower',
    value: (r) => meanOverStages(r, (st) => st.time.offload),
    format: (v) => seconds(v),
    chart: { unit: 'seconds', scale: 1 },
  },
  'flops-vs-e2e': {
    title: 'FLOPs of the whole schedule against E2E with the same updates per layer',
    better: 'lower',
    // a one-step strategy (E2E, FSDP) updates every layer in every step: the ratio is 1 by definition
    value: (r) => (r.schedule ? r.schedule.totalFlops / r.schedule.e2eFlops : 1),
    format: (v) => `${v.toFixed(2)} x`,
    chart: { unit: 'ratio to E2E', scale: 1 },
  },
};
