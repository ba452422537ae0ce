// The report's numbers as JSON (reports/NAME.json), for readers who want to compute with them: every variant's
// metrics per strategy, the claims' verdicts, the sweep's points, and the base variant's full plans.
import type { ReportInput } from '../build-report.js';
import { objectives } from '../frontier.js';
import { planJson } from '../plan-json.js';
import { strategyLabel } from '../views/plan-tables.js';
import { METRIC_NAMES, METRICS } from './metrics.js';
import { checkClaim } from './study.js';

export function studyJson(input: ReportInput) {
  const labels = input.labels ?? input.results.map(strategyLabel);
  const study = input.study;
  return {
    title: input.title,
    scenario: input.source,
    strategies: labels,
    variants: study?.study.variants.map((v) => ({
      values: v.values,
      metrics: v.results.map((r, i) => ({ strategy: labels[i], fits: r.fits, ...Object.fromEntries(METRIC_NAMES.map((m) => [m, METRICS[m].value(r)])) })),
    })),
    claims: study?.claims.map((claim) => ({ ...claim, checks: checkClaim(study.study, claim) })),
    sweep: input.sweep && {
      axes: input.sweep.axes,
      frontier: input.sweep.frontier ?? 'flops',
      points: input.sweep.points.map((p) => ({ vary: p.vary, fits: p.result.fits, frontier: p.frontier, ...objectives(p.result) })),
    },
    plans: input.results.map((r, i) => ({ strategy: labels[i], plan: planJson(r) })),
  };
}
