// segplan sweep: plan every combination of --vary values; table and Pareto frontier.
import { UserError } from '../../src/errors.js';
import { quantity } from '../../src/words.js';
import type { PlanRequest, PlanResult } from '../../src/plan/types.js';
import type { FrontierCandidate } from '../../src/report/frontier.js';
import type { StrategyName } from '../../src/vocabulary.js';
import type { Command } from '../command.js';
import { runPlan } from '../engine.js';
import { formatOf } from '../format-choice.js';
import { buildJobs, readScenarioFlag } from '../jobs.js';
import { print, progress, progressDone, warn } from '../out.js';
import { ignoredFlagWarnings } from '../warnings.js';
import { FORMAT_FLAGS, JOB_FLAGS, MODEL_POSITIONAL, SEGPROP_FLAGS, STRATEGY_FLAG, TRAINING_FLAGS } from '../plan-flags.js';
import { toRequest } from '../resolve.js';
import { AXES, applyPoint, combinationCount, combinations, DEFAULT_MAX_POINTS, parseVary, type VarySpec } from '../vary.js';
import type { SweepPoint } from '../../src/report/views/sweep-table.js';

export const command: Command = {
  spec: {
    name: 'sweep',
    summary: 'Plan every combination of the --vary values; print a table and mark the Pareto frontier (peak memory vs FLOPs per token vs time per token).',
    positionals: [MODEL_POSITIONAL],
    flags: [
      {
        name: 'vary',
        kind: 'repeat',
        value: 'AXIS=VALUES',
        default: [],
        help: `values to sweep, e.g. segment-size=1,2,4,8 or head-depth=0..4; repeat for more axes; axes: ${[...AXES.keys()].join(', ')} (default: segment-size=1,2,4,8 and head-depth=0..4)`,
      },
      { name: 'max-points', kind: 'int', value: 'N', default: DEFAULT_MAX_POINTS, help: 'refuse sweeps with more combinations than this' },
      ...JOB_FLAGS,
      STRATEGY_FLAG,
      ...SEGPROP_FLAGS,
      ...TRAINING_FLAGS,
      ...FORMAT_FLAGS,
    ],
    notes: ['example: segplan sweep --vary segment-size=1,2,4,8 --vary head-depth=0..4 --vary gpu=a100-40gb,h100-sxm'],
  },
  async run(args) {
    const format = formatOf(args);
    const loaded = await readScenarioFlag(args);
    let spec: VarySpec = ((args.flags.vary as string[]) ?? []).map(parseVary);
    if (spec.length === 0 && loaded?.scenario.sweep) {
      spec = Object.entries(loaded.scenario.sweep.vary).map(([name, values]) => parseVary(`${name}=${values.join(',')}`));
    }
    if (spec.length === 0) spec = [parseVary('segment-size=1,2,4,8'), parseVary('head-depth=0..4')];
    const dup = spec.find((a, i) => spec.findIndex((b) => b.name === a.name) !== i);
    if (dup) throw new UserError(`--vary ${dup.name} given twice; list all its values in one --vary`);
    const limit = args.flags['max-points'] as number;
    const count = combinationCount(spec);
    if (count > limit) throw new UserError(`the sweep has ${count} combinations, more than --max-points ${limit}`);
    const points = combinations(spec);

    const strategy = (args.given.has('strategy') ? args.flags.strategy : (loaded?.scenario.sweep?.strategy ?? args.flags.strategy)) as StrategyName;
    const sweptStrategies = (spec.find((a) => a.name === 'strategy')?.values ?? []) as StrategyName[];
    for (const w of ignoredFlagWarnings(
      args,
      [strategy, ...sweptStrategies],
      spec.map((a) => a.name),
    ))
      warn(w);
    const [base] = await buildJobs(args, loaded, [strategy]);
    if (format === 'csv') {
      await sweepCsv(points, (point) => toRequest(applyPoint(base!, point)));
      return 0;
    }
    const results: PlanResult[] = [];
    await planEach(points, async (point) => {
      results.push(await runPlan(await toRequest(applyPoint(base!, point))));
    });
    const { paretoFrontier } = await import('../../src/report/frontier.js');
    const front = paretoFrontier(results);
    const swept: SweepPoint[] = points.map((vary, i) => ({ vary, result: results[i]!, frontier: front.has(i) }));

    if (format === 'json') {
      const { planJson } = await import('../../src/report/plan-json.js');
      print(
        JSON.stringify(
          swept.map((p) => ({ ...p, result: planJson(p.result) })),
          null,
          2,
        ),
      );
      return 0;
    }
    const { sweepTable } = await import('../../src/report/views/sweep-table.js');
    const table = sweepTable(swept, `Sweep of ${spec.map((a) => a.name).join(' x ')} (${quantity(points.length, 'plan')})`);
    // the terminal table (and chalk) only for a table: a CSV or JSON sweep does not load them
    const { printTable } = await import('../print-table.js');
    await printTable(table, format);
    return 0;
  },
};

type Point = Record<string, string | number>;

/** Plans every point in order, with a progress line (a terminal redraws it at every write: a hundred updates). */
async function planEach(points: Point[], planPoint: (point: Point) => Promise<void>): Promise<void> {
  const progressEvery = Math.ceil(points.length / 100);
  for (const [i, point] of points.entries()) {
    if (i % progressEvery === 0) progress(`planning ${i + 1}/${points.length}`);
    await planPoint(point);
  }
  progressDone();
}

/**
 * The sweep as CSV. Each plan's row and frontier objectives are taken as soon as it is planned, and the plan is
 * dropped: thousands of kept plans (12 KB each for LLaMA-2-70B SegProp) are what the garbage collector copied and
 * marked most in a sweep, and kept plans made V8 pretenure, and so recompile, the engine code that builds them.
 */
async function sweepCsv(points: Point[], requestAt: (point: Point) => Promise<PlanRequest>): Promise<void> {
  const { frontierCandidate, frontierOf } = await import('../../src/report/frontier.js');
  const { toCsv } = await import('../../src/report/csv.js');
  const { SUMMARY_HEADER, summaryRow } = await import('../../src/report/plan-csv.js');
  const { sweepCsvRows } = await import('../../src/report/views/sweep-table.js');
  const summaries: Array<Array<string | number | boolean>> = [];
  const candidates: FrontierCandidate[] = [];
  await planEach(points, async (point) => {
    const result = await runPlan(await requestAt(point));
    summaries.push(summaryRow(result));
    candidates.push(frontierCandidate(result));
  });
  const front = frontierOf(candidates);
  const extra = sweepCsvRows(points.map((vary, i) => ({ vary, objectives: candidates[i]!.objectives, frontier: front.has(i) })));
  print(
    toCsv(
      [...extra.header, ...SUMMARY_HEADER],
      summaries.map((row, i) => [...extra.rows[i]!, ...row]),
    ),
  );
}
