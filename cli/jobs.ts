// Turns flags (+ an optional scenario) into jobs: plain settings per strategy, before any model or GPU file is
// read. Every value is a job parameter (src/job/parameters.ts), read in one order of precedence: a flag the user
// typed > the scenario's value (a strategy entry's before the shared settings) > the flag's default.
import { UserError } from '../src/errors.js';
import { PARAMETERS, parameterByField, type JobParameter } from '../src/job/parameters.js';
import type { JobValues } from '../src/job/values.js';
import type { StrategyName } from '../src/vocabulary.js';
import type { LoadedScenario, ScenarioStrategy } from '../src/scenario/types.js';
import type { TrainingRequest } from '../src/time/time-to-train.js';
import type { Parsed } from './args.js';
import { trainingRequestOf } from './budget.js';

export interface Job {
  label: string;
  /** model name or path; a relative path is read from modelBase, a GPU file (values.gpu) from gpuBase */
  model: string;
  modelBase: string;
  gpuBase: string;
  /** every job parameter the request carries, by request field */
  values: JobValues;
  /** time-to-train and cost of a budget (--tokens, --samples, --epochs; --price) */
  training?: TrainingRequest;
  /** where a scenario file gave a value (an engine error about it names the file and the place: scenario-origin.ts) */
  origins?: ScenarioOrigins;
}

/** The values a scenario gave a job: request field → the value and its JSON pointer in the file. */
export interface ScenarioOrigins {
  file: string;
  at: ReadonlyMap<string, { pointer: string; value: unknown }>;
}

/** The parameters read one by one (the budget is read as a whole by budget.ts, the strategy is the job's). */
const READ = PARAMETERS.filter((p) => !p.field.startsWith('training.') && p.field !== 'strategy');

export async function readScenarioFlag(args: Parsed): Promise<LoadedScenario | undefined> {
  const file = args.flags.scenario as string | undefined;
  if (file === undefined) return undefined;
  const { loadScenario } = await import('../src/scenario/load.js');
  return loadScenario(file);
}

/** A typed flag's value: numbers and choices were checked by the parser; quantities and fractions are read here. */
async function typedValue(p: JobParameter, raw: unknown): Promise<unknown> {
  if (p.type === 'quantity') {
    if (p.allowsZero && /^\s*0+(\.0*)?\s*[a-z]*\s*$/i.test(raw as string)) return 0;
    const { parseQuantityFlag } = await import('../src/hardware/units.js');
    return parseQuantityFlag(`--${p.flag}`, raw as string, 'bytes');
  }
  if (p.type === 'fraction') {
    const n = Number(raw);
    if (!(n >= 0 && n < 1)) throw new UserError(`--${p.flag}: expected a fraction from 0 to below 1, got ${JSON.stringify(raw)}`);
    return n;
  }
  return raw;
}

/** The value a scenario gives `p` for one strategy entry and its JSON pointer in the file, or undefined. */
function scenarioValue(p: JobParameter, loaded: LoadedScenario, entry: ScenarioStrategy | undefined): { value: unknown; pointer: string } | undefined {
  // the loader has read the memory's units already
  if (p.field === 'gpu.memoryBytes') return loaded.gpuMemoryBytes === undefined ? undefined : { value: loaded.gpuMemoryBytes, pointer: '/cluster/gpuMemory' };
  if (p.field === 'hostMemoryBytes')
    return loaded.hostMemoryBytes === undefined ? undefined : { value: loaded.hostMemoryBytes, pointer: '/cluster/hostMemory' };
  const key = p.scenarioKey ?? p.field.slice(p.field.lastIndexOf('.') + 1);
  const { cluster, settings, strategies } = loaded.scenario;
  // an entry a study built from the file's own is not in its list: its place is then the list
  const index = entry ? (strategies?.indexOf(entry) ?? -1) : -1;
  const entryPointer = index >= 0 ? `/strategies/${index}` : '/strategies';
  for (const place of p.scenario ?? []) {
    const [from, pointer]: [object | undefined, string] =
      place === 'cluster'
        ? [cluster, '/cluster']
        : place === 'settings'
          ? [settings, '/settings']
          : place === 'strategy'
            ? [entry, entryPointer]
            : place === 'strategy.placement'
              ? [entry?.placement, `${entryPointer}/placement`]
              : [undefined, ''];
    const v = (from as Record<string, unknown> | undefined)?.[key];
    if (v !== undefined) return { value: v, pointer: `${pointer}/${key}` };
  }
  return undefined;
}

/** How strongly a value was asked for: typed 3, by the scenario 2, by default 1, not at all 0. */
type Strength = 0 | 1 | 2 | 3;

/** A job with parameter `p` set to `v` (a value it excludes is unset; a GPU is named from the working directory). */
export function setJobValue(job: Job, p: JobParameter, v: unknown): Job {
  const values: Record<string, unknown> = { ...job.values };
  return setJobValueInPlace({ ...job, values: values as JobValues }, values, p, v);
}

/** setJobValue writing into `values`, the job's own copy of its values (what a sweep point changes). */
export function setJobValueInPlace(job: Job, values: Record<string, unknown>, p: JobParameter, v: unknown): Job {
  values[p.field] = v;
  if (p.excludes !== undefined) values[p.excludes] = undefined;
  if (p.field === 'strategy') return { ...job, label: v as string };
  if (p.field === 'gpu') return { ...job, gpuBase: process.cwd() };
  return job;
}

/**
 * One job per strategy; `strategies` come from --strategy/--strategies or the scenario. A name takes the
 * scenario's first entry of that strategy; an entry itself is planned as written (a study compares several
 * entries of one strategy, e.g. SegProp with either forward mode).
 */
export async function buildJobs(args: Parsed, loaded: LoadedScenario | undefined, strategies: Array<StrategyName | ScenarioStrategy>): Promise<Job[]> {
  const typed = new Map<string, unknown>();
  for (const p of READ) if (args.given.has(p.flag)) typed.set(p.field, await typedValue(p, args.flags[p.flag]));
  const sc = loaded?.scenario;
  const training = trainingRequestOf(args, loaded ? { training: sc?.training, file: loaded.file } : undefined);
  for (const p of READ) {
    if (p.excludes !== undefined && typed.has(p.field) && typed.has(p.excludes)) {
      throw new UserError(`give --${p.flag} or --${parameterByField(p.excludes)!.flag}, not both`);
    }
  }
  const modelGiven = args.positionals[0];
  // a model or GPU typed on the command line is relative to the working directory, a scenario's to its file
  const modelBase = modelGiven !== undefined || !loaded ? process.cwd() : loaded.dir;
  const gpuBase = args.given.has('gpu') || !loaded ? process.cwd() : loaded.dir;
  const model = modelGiven ?? sc?.model ?? 'llama-2-70b';

  return strategies.map((wanted): Job => {
    const entry = typeof wanted === 'string' ? sc?.strategies?.find((e) => e.strategy === wanted) : wanted;
    const strategy = typeof wanted === 'string' ? wanted : wanted.strategy;
    const strength = new Map<string, Strength>();
    const origins = new Map<string, { pointer: string; value: unknown }>();
    // built whole from its entries, not key by key: V8 keeps such an object in its fast layout, which a sweep
    // copies for each of its points (copying one built by 40 keyed writes is about ten times slower)
    const values: Record<string, unknown> = Object.fromEntries([
      ['strategy', strategy],
      ...READ.map((p) => {
        const fromScenario = loaded && !typed.has(p.field) ? scenarioValue(p, loaded, entry) : undefined;
        if (fromScenario) origins.set(p.field, fromScenario);
        const v = typed.has(p.field) ? typed.get(p.field) : (fromScenario?.value ?? args.flags[p.flag]);
        strength.set(p.field, typed.has(p.field) ? 3 : fromScenario !== undefined ? 2 : v !== undefined ? 1 : 0);
        return [p.field, v];
      }),
    ]);
    // of two values that exclude each other the stronger stays (a tie in a scenario: the later in the table)
    const beaten = READ.filter((p, i) => {
      if (p.excludes === undefined) return false;
      const rival = READ.findIndex((q) => q.field === p.excludes);
      const [mine, theirs] = [strength.get(p.field)!, strength.get(p.excludes)!];
      return mine < theirs || (mine === theirs && i < rival);
    });
    for (const p of beaten) values[p.field] = undefined;
    // a typed GPU count re-derives the nodes unless --nodes is typed too: the scenario's count was for its GPUs
    if (args.given.has('gpus') && !args.given.has('nodes')) values.nodes = undefined;
    return {
      label: entry?.label ?? strategy,
      model,
      modelBase,
      gpuBase,
      values: values as JobValues,
      ...(training !== undefined ? { training } : {}),
      ...(loaded && origins.size > 0 ? { origins: { file: loaded.file, at: origins } } : {}),
    };
  });
}

/** The strategies of `compare`: --strategies if typed, else the scenario's, else the flag default. */
export function compareStrategies(args: Parsed, loaded: LoadedScenario | undefined): StrategyName[] {
  const fromScenario = loaded?.scenario.strategies?.map((e) => e.strategy);
  if (args.given.has('strategies') || fromScenario === undefined) return args.flags.strategies as StrategyName[];
  return fromScenario;
}
