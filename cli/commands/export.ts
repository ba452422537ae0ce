// segplan export: a plan as the configuration of the framework that will run it (DeepSpeed JSON, accelerate
// YAML), with the plan's numbers as comments where the format has them.
import { UserError } from '../../src/errors.js';
import type { StrategyName } from '../../src/vocabulary.js';
import type { Command } from '../command.js';
import { runPlan } from '../engine.js';
import { buildJobs, readScenarioFlag } from '../jobs.js';
import { note, print } from '../out.js';
import { JOB_FLAGS, MODEL_POSITIONAL, STRATEGIES, STRATEGY_FLAG, TRAINING_FLAGS } from '../plan-flags.js';
import { toRequest } from '../resolve.js';

const FORMATS = ['deepspeed', 'accelerate', 'torchtitan'] as const;

export const command: Command = {
  spec: {
    name: 'export',
    summary:
      'Write a plan as a DeepSpeed config (JSON), a Hugging Face accelerate FSDP config (YAML) or a torchtitan job config (TOML), with the plan as comments.',
    positionals: [MODEL_POSITIONAL],
    flags: [
      { name: 'format', kind: 'string', choices: FORMATS, help: 'deepspeed (ds_config.json), accelerate (accelerate config YAML) or torchtitan (job TOML)' },
      { name: 'output', short: 'o', kind: 'string', value: 'FILE', help: 'write FILE (default: print it)' },
      { name: 'force', kind: 'boolean', default: false, help: 'overwrite an existing -o file' },
      ...JOB_FLAGS,
      // the frameworks have no SegProp schedule
      { ...STRATEGY_FLAG, default: 'fsdp', choices: STRATEGIES.filter((s) => s !== 'segprop') },
      ...TRAINING_FLAGS,
    ],
    notes: [
      'e2e is DDP (ZeRO stage 0), zero1/zero2 the ZeRO stages, fsdp is ZeRO-3 / FSDP FULL_SHARD, hybrid HSDP (MiCS), fsdp-offload adds CPU offload; placement flags refine it.',
      'example: segplan export llama-2-7b --gpu a100-80gb --strategy fsdp --format accelerate -o fsdp.yaml',
    ],
  },
  async run(args) {
    const format = args.flags.format as (typeof FORMATS)[number] | undefined;
    if (format === undefined) throw new UserError(`'segplan export' needs --format (${FORMATS.join(' or ')})`);
    const out = args.flags.output as string | undefined;
    const force = args.flags.force === true;
    const { refuseExisting, writeFileAtomic } = await import('../atomic-write.js');
    if (out !== undefined) await refuseExisting([out], force);
    const loaded = await readScenarioFlag(args);
    const [job] = await buildJobs(args, loaded, [args.flags.strategy as StrategyName]);
    const result = await runPlan(await toRequest(job!));
    const [{ planNotes }, { precisionNotes }] = await Promise.all([import('../../src/export/plan-notes.js'), import('../../src/export/precision-notes.js')]);
    // where the recipe has no exact setting in the format, the export says so
    const notes = [...planNotes(result), ...precisionNotes(result.settings.precision, format)];
    let text: string;
    if (format === 'deepspeed') {
      const { deepspeedConfig } = await import('../../src/export/deepspeed.js');
      text = `${JSON.stringify(deepspeedConfig(result), null, 2)}\n`;
      // JSON has no comments: the plan goes to stderr
      for (const n of notes) note(`# ${n}`);
    } else if (format === 'accelerate') {
      const { accelerateConfig } = await import('../../src/export/accelerate.js');
      text = accelerateConfig(result, notes);
    } else {
      const { torchtitanConfig } = await import('../../src/export/torchtitan.js');
      text = torchtitanConfig(result, notes);
    }
    if (!result.fits)
      note(`segplan: warning: this plan does not fit (${result.fitsHost ? 'GPU memory' : 'host memory'}); the configuration will run out of memory`);
    if (out === undefined) print(text);
    else {
      writeFileAtomic(out, text, force);
      note(`wrote ${out}`);
    }
    return 0;
  },
};
