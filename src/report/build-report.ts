// The report of a scenario: comparison, charts (memory, max micro-batch, SegProp stages, a step's memory
// timeline, sweep frontier) and each strategy's detail tables. Every number is an engine result.
import type { PlanResult } from '../plan/types.js';
import type { TimelinePoint } from './charts/specs.js';
import { frontierSpec, maxMicroBatchSpec, memoryByStrategySpec, stageMemorySpec, timelineSpec } from './charts/specs.js';
import { renderSvg } from './charts/render-svg.js';
import type { Block, ReportDocument } from './document.js';
import { gib } from './units.js';
import { compareTable } from './views/compare-table.js';
import { assumptionsTable, computeTable, memoryTable, strategyLabel, summaryTable } from './views/plan-tables.js';
import { sweepTable, type SweepPoint } from './views/sweep-table.js';
import { quantity } from '../words.js';

export interface ReportInput {
  title: string;
  description?: string;
  /** where the inputs came from, e.g. the scenario file */
  source: string;
  results: PlanResult[];
  sweep?: { axes: string[]; points: SweepPoint[] };
  /** memory after each event of one step, for the binding stage of a strategy (when the engine provides it) */
  timeline?: { result: PlanResult; points: TimelinePoint[] };
  /** what could not be shown, in words */
  missing?: string[];
}

export async function buildReport(input: ReportInput): Promise<ReportDocument> {
  const { results } = input;
  const blocks: Block[] = [];
  const first = results[0]!;
  const s = first.settings;
  if (input.description) blocks.push({ kind: 'paragraph', text: input.description });
  blocks.push({
    kind: 'list',
    items: [
      `scenario: ${input.source}`,
      `model: ${first.model.name}; cluster: ${s.gpus} x ${s.gpu} (${gib(s.gpuMemoryBytes)} each), ${s.nodes} node(s)`,
      `${first.model.input} per sample; ${s.precision}; ${s.optimizer}; checkpointing ${s.checkpointing}; ${s.attention} attention; ${s.runtime}`,
      "All numbers come from segplan's engine; FLOPs count 2 per multiply-add; GiB = 2^30 bytes.",
    ],
  });

  blocks.push({ kind: 'heading', text: 'Strategies compared', level: 2 }, { kind: 'table', table: compareTable(results) });
  blocks.push({
    kind: 'chart',
    svg: await renderSvg(memoryByStrategySpec(results)),
    alt: 'peak memory per GPU of each strategy by component, at its binding stage; dashed line: GPU memory',
  });
  blocks.push({
    kind: 'chart',
    svg: await renderSvg(maxMicroBatchSpec(results)),
    alt: `largest micro-batch per GPU that fits: ${results.map((r) => `${strategyLabel(r)} ${r.maxMicroBatch}`).join(', ')}`,
  });

  // every schedule of several stages (SegProp, BAdam, LISA): where its binding stage stands among the others
  for (const r of results.filter((x) => x.stages.length > 1)) {
    blocks.push({ kind: 'heading', text: `Memory per stage: ${strategyLabel(r)}`, level: 2 });
    blocks.push({ kind: 'chart', svg: await renderSvg(stageMemorySpec(r)), alt: `memory per GPU at each of the ${r.stages.length} stages' peaks` });
  }

  if (input.timeline) {
    const { result, points } = input.timeline;
    const title = `Memory during one step: ${strategyLabel(result)}, stage ${result.bindingStage}`;
    blocks.push({ kind: 'heading', text: 'Memory timeline of a step', level: 2 });
    blocks.push({ kind: 'chart', svg: await renderSvg(timelineSpec(points, title, result.settings.gpuMemoryBytes)), alt: title });
  }

  if (input.sweep && input.sweep.points.length > 0) {
    const { axes, points } = input.sweep;
    blocks.push({ kind: 'heading', text: `Sweep of ${axes.join(' x ')} and its Pareto frontier`, level: 2 });
    blocks.push({
      kind: 'chart',
      svg: await renderSvg(frontierSpec(points)),
      alt: 'peak memory against FLOPs per token for every sweep point; frontier points labelled',
    });
    blocks.push({ kind: 'table', table: sweepTable(points, `Sweep (${quantity(points.length, 'plan')})`) });
  }

  blocks.push({ kind: 'heading', text: 'Details per strategy', level: 2 });
  for (const r of results) {
    blocks.push({ kind: 'heading', text: strategyLabel(r), level: 3 });
    blocks.push({ kind: 'table', table: summaryTable(r) }, { kind: 'table', table: memoryTable(r) }, { kind: 'table', table: computeTable(r) });
    blocks.push({ kind: 'table', table: { ...assumptionsTable(r), title: `Assumptions: ${strategyLabel(r)}` } });
  }
  if (input.missing?.length) blocks.push({ kind: 'heading', text: 'Not shown', level: 2 }, { kind: 'list', items: input.missing });
  return { title: input.title, blocks };
}
