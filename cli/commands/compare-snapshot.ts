// segplan compare-snapshot: a PyTorch CUDA memory snapshot of the user's own training step against the plan
// of the same job (src/validate/torch/snapshot.ts): model states, the step's allocations and the peak, planned
// beside measured, and which of them parts ways.
import { readFileSync } from 'node:fs';
import { UserError } from '../../src/errors.js';
import type { StrategyName } from '../../src/vocabulary.js';
import type { Command } from '../command.js';
import { runPlan } from '../engine.js';
import { renderTable } from '../format/terminal-table.js';
import { buildJobs, readScenarioFlag } from '../jobs.js';
import { print } from '../out.js';
import { JOB_FLAGS, MODEL_POSITIONAL, SEGPROP_FLAGS, STRATEGY_FLAG, TRAINING_FLAGS } from '../plan-flags.js';
import { toRequest } from '../resolve.js';
import { relativeError } from '../../src/words.js';

export const command: Command = {
  spec: {
    name: 'compare-snapshot',
    summary: 'Set a PyTorch CUDA memory snapshot of your own training step beside the plan of the same job.',
    positionals: [MODEL_POSITIONAL],
    flags: [
      { name: 'snapshot', kind: 'string', value: 'FILE', help: 'the snapshot summary (python3 harness/snapshot_to_json.py snapshot.pickle > FILE)' },
      { name: 'stage', kind: 'count', value: 'N', help: 'SegProp: the stage the snapshot ran (default: the binding stage)' },
      ...JOB_FLAGS,
      STRATEGY_FLAG,
      ...SEGPROP_FLAGS,
      ...TRAINING_FLAGS,
      { name: 'json', kind: 'boolean', default: false, help: 'print the comparison as JSON' },
    ],
    notes: [
      'Record one step in the job: torch.cuda.memory._record_memory_history(); <one step>; torch.cuda.memory._dump_snapshot("snapshot.pickle")',
      'Plan the job with the flags it ran with (model, GPU, micro-batch, strategy, precision, optimizer, checkpointing).',
    ],
  },
  async run(args) {
    const file = args.flags.snapshot;
    if (typeof file !== 'string') throw new UserError('--snapshot FILE is required (python3 harness/snapshot_to_json.py snapshot.pickle > FILE)');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UserError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const { compareSnapshot, parseSnapshot } = await import('../../src/validate/torch/snapshot.js');
    const snap = parseSnapshot(text, file);
    const loaded = await readScenarioFlag(args);
    const [job] = await buildJobs(args, loaded, [args.flags.strategy as StrategyName]);
    const plan = await runPlan(await toRequest(job!));
    const c = compareSnapshot(plan, snap, typeof args.flags.stage === 'number' ? args.flags.stage : undefined);
    if (args.flags.json === true) {
      print(JSON.stringify(c, null, 2));
      return 0;
    }
    const { binaryBytes } = await import('../../src/report/units.js');
    print(
      renderTable({
        title: `${plan.model.name}: ${plan.strategy}, stage ${c.stage} (${c.stageName}), micro-batch ${plan.settings.microBatch}, against ${file}`,
        columns: [{ header: 'what' }, { header: 'plan', align: 'right' }, { header: 'run', align: 'right' }, { header: 'plan vs run', align: 'right' }],
        rows: [
          ...c.rows.map((r) => [r.what, binaryBytes(r.planned), binaryBytes(r.measured), relativeError(r.error)]),
          ['peak at', c.plannedPeakAt, c.measuredPeakAt[0] ?? '(no frames recorded)', ''],
          ['reserved by the caching allocator', binaryBytes(c.plannedReservedBytes), binaryBytes(c.reservedBytes), ''],
        ],
        notes: [
          `${c.verdict}.`,
          "The allocated rows leave out the CUDA context and what the caching allocator reserves beyond live tensors; the plan's reserved is its allocated peak with the allocator margin (docs/memory.md).",
        ],
      }),
    );
    return 0;
  },
};
