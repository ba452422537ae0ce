// segplan dash: the interactive terminal dashboard (src/dash/). This module parses the flags the other
// commands share (a scenario file may stand in for the model), refuses to run without a terminal, and
// renders the ink app on the alternate screen, so that q gives the user's terminal back as it was.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Gpu } from '../../src/hardware/types.js';
import type { Settings } from '../../src/dash/settings.js';
import { UserError } from '../../src/errors.js';
import type { Parsed } from '../args.js';
import type { Command } from '../command.js';
import { buildJobs, compareStrategies, type Job, readScenarioFlag } from '../jobs.js';
import { JOB_FLAGS, SEGPROP_FLAGS, STRATEGIES_FLAG, TRAINING_FLAGS } from '../plan-flags.js';
import { parseHubId } from '../hub/hub-id.js';
import { resolveGpu, resolveModel } from '../resolve.js';

const ALT_SCREEN_ON = '\u001B[?1049h';
const ALT_SCREEN_OFF = '\u001B[?1049l';

/** a .json positional holding a scenario ({ model, cluster, ... }) rather than a model spec */
function isScenarioFile(ref: string): boolean {
  if (!/\.json$/i.test(ref) || !existsSync(ref)) return false;
  try {
    const json = JSON.parse(readFileSync(ref, 'utf8')) as unknown;
    return typeof json === 'object' && json !== null && 'cluster' in json && typeof (json as { model?: unknown }).model === 'string';
  } catch {
    return false; // not JSON: loadModel reports it with line and column
  }
}

function withScenario(args: Parsed): Parsed {
  const ref = args.positionals[0];
  if (ref === undefined || !isScenarioFile(ref)) return args;
  if (args.flags.scenario !== undefined) throw new UserError(`give a scenario as the argument or with --scenario, not both`);
  return { ...args, positionals: [], flags: { ...args.flags, scenario: ref }, given: new Set([...args.given, 'scenario']) };
}

/** job values start() turns into settings of their own: the GPU list, the segment size, the budget and price knobs */
const READ_HERE = ['gpu', 'gpu.memoryBytes', 'segprop.segments', 'strategy'];

/** the dashboard's columns are strategy presets (--strategies): the axes that would recompose every column are not its flags */
const PRESET_AXES = new Set(['schedule', 'adapter', 'sharding']);

function isPath(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.json$/i.test(ref);
}

async function gpuChoices(job: Job): Promise<{ list: string[]; index: number; extra: Map<string, Gpu> }> {
  const { gpuIds } = await import('../../src/hardware/lookup.js');
  const ids = gpuIds();
  const extra = new Map<string, Gpu>();
  const memoryBytes = job.values['gpu.memoryBytes'];
  if (!isPath(job.values.gpu) && memoryBytes === undefined) {
    const gpu = await resolveGpu(job.values.gpu, job.gpuBase); // unknown ids: a one-line error with suggestions
    return { list: ids, index: ids.indexOf(gpu.id), extra };
  }
  let gpu = await resolveGpu(job.values.gpu, job.gpuBase);
  if (memoryBytes !== undefined) gpu = { ...gpu, memoryBytes, memoryNote: 'overridden by the user' };
  const key = ids.includes(gpu.id) || memoryBytes !== undefined ? `${gpu.id}*` : gpu.id;
  extra.set(key, gpu);
  return { list: [key, ...ids], index: 0, extra };
}

/** The dashboard's first state and its sources, from the command line (exported for tests). */
export async function start(args: Parsed) {
  const loaded = await readScenarioFlag(args);
  const strategies = compareStrategies(args, loaded);
  const [job] = await buildJobs(args, loaded, ['segprop']);
  const v = job!.values;
  const { catalogNames } = await import('../../src/model/catalog.js');
  const { catalogSources } = await import('../../src/dash/sources.js');
  const names = catalogNames();
  const local = isPath(job!.model) && !isAbsolute(job!.model) ? resolve(job!.modelBase, job!.model) : job!.model;
  // a hub id (org/name[@revision]) when no local file or folder has that name, as plan reads it: listed by its id
  const modelRef = isPath(job!.model) && !existsSync(local) && parseHubId(job!.model) ? job!.model : local;
  const models = names.includes(modelRef) ? names : [modelRef, ...names];
  const gpus = await gpuChoices(job!);
  // read as plan reads it (a bad file, name or hub id stops here with a one-line error)
  const spec = await resolveModel(job!.model, job!.modelBase);
  const sources = catalogSources(gpus.extra, new Map([[modelRef, spec]]));
  let segmentSize = v['segprop.segmentSize'];
  if (segmentSize === undefined) {
    // a segment count: the engine turns it into a size
    const { planGraph } = await import('../../src/plan/plan.js');
    const { segpropLayout } = await import('../../src/strategy/schedule.js');
    const graph = planGraph({ model: spec, seqLen: v.seqLen, attention: v.attention });
    segmentSize = segpropLayout(graph, {
      segments: v['segprop.segments'],
      headDepth: v['segprop.headDepth'],
      prefixDepth: v['segprop.prefixDepth'],
      forward: v['segprop.forward'],
    }).segmentSize;
  }
  const { initialState } = await import('../../src/dash/state.js');
  const { SETTING_FIELDS } = await import('../../src/dash/settings.js');
  const fromJob = Object.fromEntries(Object.entries(SETTING_FIELDS).map(([name, field]) => [name, v[field]]));
  // the values of the flags no knob changes go with every plan as given (never silently dropped)
  // (a scenario's schedule, adapter or sharding would recompose every column: the columns are presets)
  const knobbed = new Set<string>([...Object.values(SETTING_FIELDS), ...READ_HERE, ...PRESET_AXES]);
  const fixed = Object.fromEntries(Object.entries(v).filter(([field, value]) => value !== undefined && !knobbed.has(field)));
  // --frozen-placement / --trainable-placement / --optimizer-placement: the SegProp column's; unset, SegProp's own (sharded)
  const own = (await import('../../src/strategy/strategy.js')).placementFor('segprop', undefined);
  const state = initialState(
    {
      ...(fromJob as Omit<Settings, 'models' | 'model' | 'gpuList' | 'gpu' | 'budget' | 'price' | 'fixed'>),
      models,
      model: models.indexOf(modelRef),
      gpuList: gpus.list,
      gpu: gpus.index,
      nodes: v.nodes ?? (await import('../../src/hardware/cluster.js')).makeCluster({ gpu: await resolveGpu(v.gpu, job!.gpuBase), gpus: v.gpus }).nodes,
      segmentSize,
      frozenPlacement: v['placement.frozen'] ?? own.frozen,
      trainablePlacement: v['placement.trainable'] ?? own.trainable.weights,
      optimizerPlacement: v['placement.trainable.optimizer'] ?? null,
      // --tokens / --samples / --epochs and --price: time-to-train and cost rows, and the budget and price knobs
      budget: job!.training?.budget ?? null,
      price: job!.training?.usdPerGpuHour ?? null,
      fixed,
    },
    strategies,
  );
  return { state, sources };
}

export const command: Command = {
  spec: {
    name: 'dash',
    summary: 'Interactive terminal dashboard: E2E, FSDP (+ offload) and SegProp side by side, re-planned on every key.',
    positionals: [
      {
        name: 'model|scenario',
        help: 'catalog model name, model spec .json, Hugging Face config.json, hub id org/name[@revision], or a scenario .json',
        default: 'llama-2-70b',
      },
    ],
    // a calibration file is read by the commands that plan once (cli/resolve.ts), not yet by the dashboard's knobs
    flags: [...JOB_FLAGS, STRATEGIES_FLAG, ...SEGPROP_FLAGS, ...TRAINING_FLAGS.filter((f) => f.name !== 'calibration' && !PRESET_AXES.has(f.name))],
    notes: [
      'Needs an interactive terminal. Keys: ←/→ select a knob, ↑/↓ change it, ⏎ type a number, 0-9 show/hide',
      'strategies, v validation (tfjs quick suite, cpu), ? help, q quit. See docs/dashboard.md.',
      'Flags set the starting values; defaults are the SegProp paper scenario (LLaMA-2-70B on 8 x A100-40GB).',
      'The placement flags apply to the SegProp column (w/t keys); E2E and FSDP (+ offload) keep their own placement.',
      "A training budget (--tokens, or the d key) adds time to train, cost and cost range rows (the cost at the published runs' spread on the GPU); --price (u key) sets USD per GPU-hour.",
    ],
  },
  async run(args) {
    if (!process.stdout.isTTY) {
      throw new UserError('segplan dash needs an interactive terminal (stdout is not a TTY); for plain output use segplan compare');
    }
    if (!process.stdin.isTTY) throw new UserError('segplan dash needs an interactive terminal (stdin is not a TTY)');
    const { state, sources } = await start(withScenario(args));
    const [{ render }, { App }, { colourWanted }] = await Promise.all([import('ink'), import('../../src/dash/app.js'), import('../../src/dash/theme.js')]);
    process.stdout.write(ALT_SCREEN_ON);
    try {
      const app = render(<App initial={state} sources={sources} colour={colourWanted()} />, { exitOnCtrlC: true });
      await app.waitUntilExit();
    } finally {
      process.stdout.write(ALT_SCREEN_OFF);
    }
    return 0;
  },
};
