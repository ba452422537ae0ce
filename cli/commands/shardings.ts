// segplan shardings: one job under every sharding and its optimizer-offload variants, in one table — what
// DeepSpeed's memory estimators print, with activations, the largest micro-batch and step time included.
import type { PlanResult } from '../../src/plan/types.js';
import type { Command } from '../command.js';
import { runPlan } from '../engine.js';
import { formatOf } from '../format-choice.js';
import { buildJobs, readScenarioFlag, setJobValue } from '../jobs.js';
import { print } from '../out.js';
import { printTable } from '../print-table.js';
import { parameter, PARAMETERS } from '../../src/job/parameters.js';
import { FORMAT_FLAGS, JOB_FLAGS, MODEL_POSITIONAL, SEGPROP_FLAGS, STRATEGY_FLAG, TRAINING_FLAGS } from '../plan-flags.js';
import { toRequest } from '../resolve.js';
import type { StrategyName } from '../../src/vocabulary.js';

export const command: Command = {
  spec: {
    name: 'shardings',
    summary:
      "Plan one job under every sharding (ddp, zero1, zero2, fsdp, hybrid, fsdp-offload) and DeepSpeed's optimizer-offload variants: per-GPU memory by kind, host memory, the largest micro-batch and step time.",
    positionals: [MODEL_POSITIONAL],
    flags: [...JOB_FLAGS, { ...STRATEGY_FLAG, default: 'e2e' }, ...SEGPROP_FLAGS, ...TRAINING_FLAGS, ...FORMAT_FLAGS],
    notes: [
      'The strategy gives the schedule and adapter (default e2e); each row replaces its sharding. --micro-batch applies to every row (default: the largest that fits).',
      'Placement flags are ignored here: each row is its own placement.',
    ],
  },
  async run(args) {
    const format = formatOf(args);
    const loaded = await readScenarioFlag(args);
    const { SHARDING_VARIANTS } = await import('../../src/strategy/sharding.js');
    const [base] = await buildJobs(args, loaded, [args.flags.strategy as StrategyName]);
    const results: PlanResult[] = [];
    for (const v of SHARDING_VARIANTS) {
      let job = setJobValue(base!, parameter('sharding'), v.sharding);
      // each row is its own placement: the placement parameters the user gave do not apply
      for (const p of PARAMETERS) if (p.field.startsWith('placement.')) job = setJobValue(job, p, undefined);
      if (v.optimizerOffloaded) job = setJobValue(job, parameter('optimizer-placement'), 'offloaded');
      results.push(await runPlan(await toRequest(job)));
    }
    if (format === 'json') {
      const { planJson } = await import('../../src/report/plan-json.js');
      print(
        JSON.stringify(
          results.map((r, i) => ({ variant: SHARDING_VARIANTS[i], result: planJson(r) })),
          null,
          2,
        ),
      );
      return 0;
    }
    if (format === 'csv') {
      const { toCsv } = await import('../../src/report/csv.js');
      const { SUMMARY_HEADER, summaryRow } = await import('../../src/report/plan-csv.js');
      const rows = results.map((r, i) => [SHARDING_VARIANTS[i]!.sharding, SHARDING_VARIANTS[i]!.optimizerOffloaded, ...summaryRow(r)]);
      print(toCsv(['sharding', 'optimizerOffloaded', ...SUMMARY_HEADER], rows));
      return 0;
    }
    const { shardingsTable } = await import('../../src/report/views/shardings-table.js');
    await printTable(shardingsTable(SHARDING_VARIANTS, results), format);
    return 0;
  },
};
