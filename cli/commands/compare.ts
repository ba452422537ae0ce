// segplan compare: the same job under several strategies, side by side.
import type { PlanResult } from '../../src/plan/types.js';
import type { Command } from '../command.js';
import { runPlan } from '../engine.js';
import { formatOf } from '../format-choice.js';
import { buildJobs, compareStrategies, readScenarioFlag } from '../jobs.js';
import { print, warn } from '../out.js';
import { ignoredFlagWarnings } from '../warnings.js';
import { printTable } from '../print-table.js';
import { FORMAT_FLAGS, JOB_FLAGS, MODEL_POSITIONAL, SEGPROP_FLAGS, STRATEGIES_FLAG, TRAINING_FLAGS } from '../plan-flags.js';
import { toRequest } from '../resolve.js';

export const command: Command = {
  spec: {
    name: 'compare',
    summary: 'Compare strategies on one job: fits or not, the largest micro-batch, the binding stage and event, step time, throughput, MFU.',
    positionals: [MODEL_POSITIONAL],
    flags: [...JOB_FLAGS, STRATEGIES_FLAG, ...SEGPROP_FLAGS, ...TRAINING_FLAGS, ...FORMAT_FLAGS],
    notes: [
      'Defaults are the SegProp paper scenario: LLaMA-2-70B on 8 x A100-40GB (reports/scenarios/paper-llama-70b.json).',
      'SegProp flags apply to the segprop column; --micro-batch applies to every strategy.',
    ],
  },
  async run(args) {
    const format = formatOf(args);
    const loaded = await readScenarioFlag(args);
    const strategies = compareStrategies(args, loaded);
    for (const w of ignoredFlagWarnings(args, strategies)) warn(w);
    const jobs = await buildJobs(args, loaded, strategies);
    const results: PlanResult[] = [];
    for (const job of jobs) results.push(await runPlan(await toRequest(job)));
    if (format === 'json') {
      const { planJson } = await import('../../src/report/plan-json.js');
      print(JSON.stringify(results.map(planJson), null, 2));
      return 0;
    }
    if (format === 'csv') {
      const { summaryCsv } = await import('../../src/report/plan-csv.js');
      print(summaryCsv(results));
      return 0;
    }
    const { compareTable } = await import('../../src/report/views/compare-table.js');
    const table = compareTable(results);
    await printTable(table, format);
    return 0;
  },
};
