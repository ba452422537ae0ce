// Turns flags (+ an optional scenario) into jobs: plain settings per strategy, before any model or GPU file is
// read. Order of precedence: a flag the user typed > the scenario's value > the flag's default.
import { UserError } from '../src/errors.js';
import type { ForwardMode, Residence, RuntimeName, StrategyName } from '../src/vocabulary.js';
import type { LoadedScenario, ScenarioStrategy } from '../src/scenario/types.js';
import type { ActivationPolicy } from '../src/strategy/roles.js';
import type { TrainingRequest } from '../src/time/time-to-train.js';
import type { Parsed } from './args.js';
import { trainingRequestOf } from './budget.js';

export interface Job {
  label: string;
  /** model / GPU name or path; a relative path is read from modelBase / gpuBase */
  model: string;
  gpu: string;
  modelBase: string;
  gpuBase: string;
  gpus: number;
  /** undefined: as few nodes as hold the GPUs (the node type's GPUs per node) */
  nodes?: number;
  /** bytes, when the GPU's memory is overridden */
  gpuMemoryBytes?: number;
  seqLen: number;
  microBatch: number | 'auto';
  strategy: StrategyName;
  segprop: { segmentSize?: number; segments?: number; headDepth: number; prefixDepth: number; forward: ForwardMode };
  checkpointing: ActivationPolicy;
  attention: 'flash' | 'math';
  precision: 'bf16-mixed' | 'bf16' | 'fp32';
  optimizer: 'adamw' | 'sgd' | 'adam8bit';
  runtime: RuntimeName;
  stepsPerStage?: number;
  placement: { trainable?: Residence; optimizer?: Residence; frozen?: Residence };
  /** bytes, when the runtime's fixed overhead is overridden */
  runtimeOverheadBytes?: number;
  allocatorReserve?: number;
  /** time-to-train and cost of a budget (--tokens, --samples, --epochs; --price) */
  training?: TrainingRequest;
}

export async function readScenarioFlag(args: Parsed): Promise<LoadedScenario | undefined> {
  const file = args.flags.scenario as string | undefined;
  if (file === undefined) return undefined;
  const { loadScenario } = await import('../src/scenario/load.js');
  return loadScenario(file);
}

/** The value of flag `name`: typed > scenario > default. */
function pick<T>(args: Parsed, name: string, fromScenario: T | undefined): T {
  if (args.given.has(name) || fromScenario === undefined) return args.flags[name] as T;
  return fromScenario;
}

/** One job per strategy; `entries` come from --strategy/--strategies or the scenario. */
export async function buildJobs(args: Parsed, loaded: LoadedScenario | undefined, strategies: StrategyName[]): Promise<Job[]> {
  const sc = loaded?.scenario;
  const s = sc?.settings ?? {};
  let gpuMemoryBytes = loaded?.gpuMemoryBytes;
  if (typeof args.flags['gpu-mem'] === 'string') {
    const { parseQuantityFlag } = await import('../src/hardware/units.js');
    gpuMemoryBytes = await parseQuantityFlag('--gpu-mem', args.flags['gpu-mem'], 'bytes');
  }
  let runtimeOverheadBytes: number | undefined;
  if (typeof args.flags['runtime-overhead'] === 'string') {
    const { parseQuantityFlag } = await import('../src/hardware/units.js');
    runtimeOverheadBytes = await parseQuantityFlag('--runtime-overhead', args.flags['runtime-overhead'], 'bytes');
  }
  let allocatorReserve: number | undefined;
  if (typeof args.flags['allocator-reserve'] === 'string') {
    allocatorReserve = Number(args.flags['allocator-reserve']);
    if (!(allocatorReserve >= 0 && allocatorReserve < 1)) {
      throw new UserError(`--allocator-reserve: expected a fraction from 0 to below 1, got ${JSON.stringify(args.flags['allocator-reserve'])}`);
    }
  }
  const training = trainingRequestOf(args, loaded ? { training: sc?.training, file: loaded.file } : undefined);
  const modelGiven = args.positionals[0];
  // a model or GPU typed on the command line is relative to the working directory, a scenario's to its file
  const modelBase = modelGiven !== undefined || !loaded ? process.cwd() : loaded.dir;
  const gpuBase = args.given.has('gpu') || !loaded ? process.cwd() : loaded.dir;
  const model = modelGiven ?? sc?.model ?? 'llama-2-70b';
  const gpu = pick<string>(args, 'gpu', sc?.cluster.gpu);

  return strategies.map((strategy): Job => {
    const entry: ScenarioStrategy | undefined = sc?.strategies?.find((e) => e.strategy === strategy);
    let segmentSize: number | undefined;
    let segments: number | undefined;
    if (args.given.has('segments') && args.given.has('segment-size')) {
      throw new UserError('give --segment-size or --segments, not both');
    } else if (args.given.has('segments')) segments = args.flags.segments as number;
    else if (args.given.has('segment-size')) segmentSize = args.flags['segment-size'] as number;
    else if (entry?.segments !== undefined) segments = entry.segments;
    else segmentSize = entry?.segmentSize ?? (args.flags['segment-size'] as number);
    const segprop = {
      segmentSize,
      segments,
      headDepth: pick<number>(args, 'head-depth', entry?.headDepth),
      prefixDepth: pick<number>(args, 'prefix-depth', entry?.prefixDepth),
      forward: pick<ForwardMode>(args, 'forward', entry?.forward),
    };
    return {
      label: entry?.label ?? strategy,
      model,
      gpu,
      modelBase,
      gpuBase,
      gpus: pick<number>(args, 'gpus', sc?.cluster.gpus),
      // a typed GPU count re-derives the nodes unless --nodes is typed too: the scenario's count was for its GPUs
      nodes: args.given.has('nodes') || !args.given.has('gpus') ? pick<number | undefined>(args, 'nodes', sc?.cluster.nodes) : undefined,
      gpuMemoryBytes,
      seqLen: pick<number>(args, 'seq-len', s.seqLen),
      microBatch: pick<number | 'auto'>(args, 'micro-batch', entry?.microBatch ?? s.microBatch),
      strategy,
      segprop,
      checkpointing: pick<ActivationPolicy>(args, 'checkpointing', entry?.checkpointing ?? s.checkpointing),
      attention: pick(args, 'attention', s.attention),
      precision: pick(args, 'precision', s.precision),
      optimizer: pick(args, 'optimizer', s.optimizer),
      runtime: pick(args, 'runtime', s.runtime),
      stepsPerStage: pick<number | undefined>(args, 'steps-per-stage', s.stepsPerStage),
      ...(runtimeOverheadBytes !== undefined ? { runtimeOverheadBytes } : {}),
      ...(allocatorReserve !== undefined ? { allocatorReserve } : {}),
      ...(training !== undefined ? { training } : {}),
      placement: {
        trainable: pick<Residence | undefined>(args, 'trainable-placement', entry?.placement?.trainable),
        optimizer: pick<Residence | undefined>(args, 'optimizer-placement', entry?.placement?.optimizer),
        frozen: pick<Residence | undefined>(args, 'frozen-placement', entry?.placement?.frozen),
      },
    };
  });
}

/** The strategies of `compare`: --strategies if typed, else the scenario's, else the flag default. */
export function compareStrategies(args: Parsed, loaded: LoadedScenario | undefined): StrategyName[] {
  const fromScenario = loaded?.scenario.strategies?.map((e) => e.strategy);
  return pick<StrategyName[]>(args, 'strategies', fromScenario);
}
