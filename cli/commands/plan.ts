// segplan plan: one strategy, stage by stage (memory breakdown, peak, max micro-batch, FLOPs, time, MFU).
import type { Command } from '../command.js';
import { runPlan } from '../engine.js';
import { formatOf } from '../format-choice.js';
import { renderTable } from '../format/terminal-table.js';
import { buildJobs, readScenarioFlag } from '../jobs.js';
import { print, warn } from '../out.js';
import { ignoredFlagWarnings } from '../warnings.js';
import { FORMAT_FLAGS, JOB_FLAGS, MODEL_POSITIONAL, SEGPROP_FLAGS, STRATEGY_FLAG, TRAINING_FLAGS } from '../plan-flags.js';
import { toRequest } from '../resolve.js';
import type { StrategyName } from '../../src/vocabulary.js';

export const command: Command = {
  spec: {
    name: 'plan',
    summary: 'Plan one training strategy: per-stage memory breakdown, peak, largest micro-batch, FLOPs per step by phase, step time, throughput and MFU.',
    positionals: [MODEL_POSITIONAL],
    flags: [...JOB_FLAGS, STRATEGY_FLAG, ...SEGPROP_FLAGS, ...TRAINING_FLAGS, ...FORMAT_FLAGS],
    notes: [
      'Defaults are the SegProp paper scenario: LLaMA-2-70B on 8 x A100-40GB (reports/scenarios/paper-llama-70b.json).',
      'Exit status: 0 when a plan was computed (whether it fits or not), 2 for a usage error, 1 for an internal error.',
      'example: segplan plan llama-2-70b --gpu a100-40gb --gpus 8 --strategy fsdp-offload --micro-batch auto',
    ],
  },
  async run(args) {
    const format = formatOf(args);
    const loaded = await readScenarioFlag(args);
    const strategy = (
      args.given.has('strategy') || !loaded?.scenario.strategies?.length
        ? args.flags.strategy
        : (loaded.scenario.strategies.find((e) => e.strategy === 'segprop')?.strategy ?? loaded.scenario.strategies[0]!.strategy)
    ) as StrategyName;
    for (const w of ignoredFlagWarnings(args, [strategy])) warn(w);
    const [job] = await buildJobs(args, loaded, [strategy]);
    const result = await runPlan(await toRequest(job!));
    if (format === 'json') {
      const { planJson } = await import('../../src/report/plan-json.js');
      print(JSON.stringify(planJson(result), null, 2));
    } else if (format === 'csv') {
      const { stagesCsv } = await import('../../src/report/plan-csv.js');
      print(stagesCsv([result]));
    } else {
      const { planTables } = await import('../../src/report/views/plan-tables.js');
      const tables = planTables(result);
      if (format === 'md') {
        const { tableToMarkdown } = await import('../../src/report/markdown-table.js');
        print(tables.map((t) => tableToMarkdown(t)).join('\n'));
      } else {
        print(tables.map(renderTable).join('\n'));
      }
    }
    return 0;
  },
};
