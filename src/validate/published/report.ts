// The published-throughput section of reports/validation.md: every planned row, predicted against published
// tokens/s/GPU, with the error over all rows, the held-out ones and each source, and why the others were skipped.
// Nothing in it is measured by the run that writes it: the rows are published, the predictions planned.

import type { GpuAccuracy, PublishedAccuracy } from '../../plan/accuracy.js';
import { percent, relativeError } from '../../words.js';
import { ratio } from '../../report/views/accuracy-text.js';
import { publishedAccuracy } from './accuracy.js';
import type { PublishedRun } from './run.js';
import { publishedSummary } from './run.js';

/** What the report keeps of a run (reports/validation.json `published`). */
export interface PublishedReport {
  summary: ReturnType<typeof publishedSummary>;
  /** measured ÷ planned per GPU: what a plan on that GPU prints as its range (absent in reports of an earlier segplan) */
  accuracy?: PublishedAccuracy;
  results: PublishedRun['results'];
  skipped: PublishedRun['skipped'];
}

export function publishedReport(run: PublishedRun): PublishedReport {
  return { summary: publishedSummary(run), accuracy: publishedAccuracy(run), results: run.results, skipped: run.skipped };
}

type Stats = PublishedReport['summary']['all'];

/** "all: 159 rows, mean absolute error 19.9% (mean +15.7%), worst +88.8%" (the report and the CLI) */
export const statsLine = (what: string, s: Stats) =>
  `${what}: ${s.rows} rows, mean absolute error ${percent(s.meanAbs)} (mean ${relativeError(s.meanSigned)}), worst ${relativeError(s.worst)}`;

/** "a100-80gb: 76 rows, measured ÷ planned 0.87-1.19 (10th-90th percentile), median 1.04, 0.77-1.28 in all" (the report and the CLI) */
export const spreadLine = (g: GpuAccuracy) => {
  const m = g.measuredOverPlanned;
  return `${g.gpu}: ${g.runs} rows, measured ÷ planned tokens/s ${ratio(m.p10)}–${ratio(m.p90)} (10th–90th percentile), median ${ratio(m.median)}, ${ratio(m.min)}–${ratio(m.max)} in all`;
};

/** "71% / 18% / 11%": where a row's planned compute goes (its rows have no convolutions) */
function sharesInWords(k: PublishedRun['results'][number]['computeShares'] | undefined): string {
  // rows stored by an earlier segplan (reports/validation.json) have no shares
  if (k === undefined) return '-';
  return [k.gemm, k.attention, k.other].map((x) => `${Math.round(100 * x)}%`).join(' / ');
}

export function renderPublishedSection(report: PublishedReport): string[] {
  const { summary, accuracy, results, skipped } = report;
  const reasons = new Map<string, number>();
  for (const s of skipped) reasons.set(s.why, (reasons.get(s.why) ?? 0) + 1);
  return [
    '## Published training throughput (planned, not run)',
    '',
    "Rows of docs/published-throughput.json planned with each row's own settings (`segplan validate --suite published`); the table, its sources and the held-out rule: docs/published-throughput.md. A setting a source does not state comes from the row's stated assumption (`--json` lists them per row). No constant of the time model was chosen with these rows.",
    '',
    `- ${statsLine('all', summary.all)}`,
    `- ${statsLine('held out', summary.heldOut)}`,
    ...Object.entries(summary.bySource).map(([source, s]) => `- ${statsLine(source, s)}`),
    `- within 15%: ${summary.all.within15} of ${results.length} rows`,
    ...(accuracy
      ? [
          '',
          "The spread per GPU, which a plan on that GPU prints as its range (docs/published-throughput.md, 'What a plan says about its own step time'):",
          '',
          ...accuracy.byGpu.map((g) => `- ${spreadLine(g)}`),
        ]
      : []),
    '',
    '| row | held out | tokens/s/GPU published | planned | error | planned compute: GEMM / attention / memory-bound |',
    '|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.id} | ${r.heldOut ? 'yes' : ''} | ${r.measured} | ${r.predicted.toFixed(0)} | ${relativeError(r.error)} | ${sharesInWords(r.computeShares)} |`,
    ),
    '',
    `Not planned (${skipped.length} rows):`,
    '',
    ...[...reasons].map(([why, n]) => `- ${n} rows: ${why}`),
  ];
}
