// The report of a scenario: findings (a study's claims checked in every variant), the variants side by side,
// comparison, charts (memory, max micro-batch, stages, each strategy's memory timeline, sweep frontier) and each
// strategy's detail tables. Every number is an engine result.
import type { PlanResult } from '../plan/types.js';
import type { FrontierAxis, StudyClaim } from '../scenario/types.js';
import type { TimelinePoint } from './charts/specs.js';
import { frontierSpec, maxMicroBatchSpec, memoryByStrategySpec, stageMemorySpec, studyMetricSpec, timelineSpec } from './charts/specs.js';
import { renderSvg } from './charts/render-svg.js';
import type { Block, ReportDocument } from './document.js';
import { METRICS, type MetricName } from './study/metrics.js';
import { pivotTable } from './study/pivot-table.js';
import { claimSentences, claimSummary, variantLabel, type Study } from './study/study.js';
import { gib } from './units.js';
import { compareTable } from './views/compare-table.js';
import { assumptionsTable, computeTable, kernelTimeTable, memoryTable, strategyLabel, summaryTable } from './views/plan-tables.js';
import { scheduleTable } from './views/schedule-table.js';
import { sweepTable, type SweepPoint } from './views/sweep-table.js';
import { quantity } from '../words.js';

export interface ReportInput {
  title: string;
  description?: string;
  /** where the inputs came from, e.g. the scenario file */
  source: string;
  results: PlanResult[];
  /** each result's name in the report (default: the plan's own description) */
  labels?: string[];
  sweep?: { axes: string[]; points: SweepPoint[]; frontier?: FrontierAxis };
  /** memory after each event of one step at each result's binding stage, in the order of `results` */
  timelines?: TimelinePoint[][];
  /** a study: the strategies planned in every variant, the paper's claims, and what decides them */
  study?: { study: Study; claims: StudyClaim[]; notes: string[]; metrics: MetricName[] };
}

/** The validation report, beside the study reports in reports/: how far predictions agree with measured runs. */
const VALIDATION = 'validation.md';

function findingsBlocks(study: NonNullable<ReportInput['study']>): Block[] {
  const blocks: Block[] = [{ kind: 'heading', text: 'Findings', level: 2 }];
  for (const claim of study.claims) {
    const metric = METRICS[claim.metric];
    blocks.push(
      // a claim the paper makes is quoted as the paper's; a question the study asks is asked as a question
      {
        kind: 'paragraph',
        text: `${claim.claim.trim().endsWith('?') ? 'Question' : 'The paper claims'}: "${claim.claim}" Checked by ${metric.title} (${metric.better} is better; a tie does not hold):`,
      },
      { kind: 'list', items: claimSentences(study.study, claim) },
      { kind: 'paragraph', text: claimSummary(study.study, claim) },
    );
  }
  if (study.notes.length > 0) blocks.push({ kind: 'heading', text: 'What decides the comparison', level: 3 }, { kind: 'list', items: study.notes });
  blocks.push({
    kind: 'paragraph',
    text: `How far to trust these numbers: ${VALIDATION} (in this folder) compares segplan's predictions with measured training steps (TensorFlow.js and PyTorch) and with published throughput.`,
  });
  return blocks;
}

async function variantBlocks(study: NonNullable<ReportInput['study']>): Promise<Block[]> {
  const { study: s, metrics } = study;
  const blocks: Block[] =
    s.variants.length === 1
      ? [{ kind: 'heading', text: 'The strategies by metric', level: 2 }]
      : [
          { kind: 'heading', text: 'Every variant', level: 2 },
          {
            kind: 'paragraph',
            text: `${quantity(s.labels.length, 'strategy', 'strategies')} planned in ${quantity(s.variants.length, 'variant')}: ${s.variants.map((v) => variantLabel(v.values)).join('; ')}. The sections after this one show the first variant in detail.`,
          },
        ];
  for (const name of metrics) {
    const metric = METRICS[name];
    const rows = s.variants.flatMap((v) =>
      v.results.map((r, i) => ({ strategy: s.labels[i]!, variant: variantLabel(v.values), value: metric.value(r) / metric.chart.scale })),
    );
    blocks.push(
      { kind: 'heading', text: metric.title, level: 3 },
      {
        kind: 'chart',
        svg: await renderSvg(studyMetricSpec(rows, { title: metric.title, unit: metric.chart.unit })),
        alt: `${metric.title} of every strategy in every variant`,
      },
      { kind: 'table', table: pivotTable(s, name) },
    );
  }
  return blocks;
}

export async function buildReport(input: ReportInput): Promise<ReportDocument> {
  const { results } = input;
  const labels: string[] = input.labels ?? results.map(strategyLabel);
  const blocks: Block[] = [];
  const first = results[0]!;
  const s = first.settings;
  if (input.description) blocks.push({ kind: 'paragraph', text: input.description });
  blocks.push({
    kind: 'list',
    items: [
      `scenario: ${input.source}`,
      `model: ${first.model.name}; cluster: ${s.gpus} x ${s.gpu} (${gib(s.gpuMemoryBytes)} each), ${s.nodes} node(s), ${gib(s.hostMemoryBytes, 0)} host RAM per node`,
      `${first.model.input} per sample; ${s.precision}; ${s.optimizer}; checkpointing ${s.checkpointing}; ${s.attention} attention; ${s.runtime}`,
      "All numbers come from segplan's engine; FLOPs count 2 per multiply-add; GiB = 2^30 bytes.",
    ],
  });
  if (input.study) blocks.push(...findingsBlocks(input.study), ...(await variantBlocks(input.study)));

  blocks.push({ kind: 'heading', text: 'Strategies compared', level: 2 }, { kind: 'table', table: compareTable(results, labels) });
  blocks.push({
    kind: 'chart',
    svg: await renderSvg(memoryByStrategySpec(results, labels)),
    alt: 'peak memory per GPU of each strategy by component, at its binding stage; dashed line: GPU memory',
  });
  blocks.push({
    kind: 'chart',
    svg: await renderSvg(maxMicroBatchSpec(results, labels)),
    alt: `largest micro-batch per GPU that fits GPU memory: ${results.map((r, i) => `${labels[i]!} ${r.maxMicroBatch}`).join(', ')}`,
  });
  if (results.some((r) => r.schedule)) blocks.push({ kind: 'table', table: scheduleTable(results, labels) });

  // every schedule of several stages (SegProp, BAdam, LISA): where its binding stage stands among the others
  for (const [i, r] of results.entries()) {
    if (r.stages.length <= 1) continue;
    const label = labels[i]!;
    blocks.push({ kind: 'heading', text: `Memory per stage: ${label}`, level: 2 });
    blocks.push({ kind: 'chart', svg: await renderSvg(stageMemorySpec(r, label)), alt: `memory per GPU at each of the ${r.stages.length} stages' peaks` });
  }

  if (input.sweep && input.sweep.points.length > 0) {
    const { axes, points, frontier = 'flops' } = input.sweep;
    blocks.push({ kind: 'heading', text: `Sweep of ${axes.join(' x ')} and its Pareto frontier`, level: 2 });
    blocks.push({
      kind: 'chart',
      svg: await renderSvg(frontierSpec(points, frontier)),
      alt: `peak memory against ${frontier === 'time' ? 'time' : 'FLOPs'} per item for every sweep point; frontier points numbered as in the table`,
    });
    blocks.push({ kind: 'table', table: sweepTable(points, `Sweep (${quantity(points.length, 'plan')})`, frontier) });
  }

  blocks.push({ kind: 'heading', text: 'Details per strategy', level: 2 });
  for (const [i, r] of results.entries()) {
    const label = labels[i]!;
    blocks.push({ kind: 'heading', text: label, level: 3 });
    blocks.push(
      { kind: 'table', table: summaryTable(r) },
      { kind: 'table', table: memoryTable(r) },
      { kind: 'table', table: computeTable(r) },
      { kind: 'table', table: kernelTimeTable(r) },
    );
    const points = input.timelines?.[i];
    if (points && points.length > 0) {
      const title = `Memory during one step: ${label}, stage ${r.bindingStage}, micro-batch ${r.settings.microBatch}`;
      blocks.push({ kind: 'chart', svg: await renderSvg(timelineSpec(points, title, r.settings.gpuMemoryBytes)), alt: title });
    }
    blocks.push({ kind: 'table', table: { ...assumptionsTable(r), title: `Assumptions: ${label}` } });
  }
  return { title: input.title, blocks };
}
