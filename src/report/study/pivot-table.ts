// A study's metric as a table: one row per strategy, one column per variant, so a reader sees at a glance
// which assumption moves which strategy.
import type { Table } from '../table.js';
import { METRICS, metricCell, type MetricName } from './metrics.js';
import { variantLabel, type Study } from './study.js';

export function pivotTable(study: Study, name: MetricName): Table {
  const metric = METRICS[name];
  return {
    title: `${metric.title}, by variant`,
    columns: [{ header: 'strategy' }, ...study.variants.map((v) => ({ header: variantLabel(v.values), align: 'right' as const }))],
    rows: study.labels.map((label, i) => [label, ...study.variants.map((v) => metricCell(metric, v.results[i]!))]),
  };
}
