// Plans from state: one engine call per shown strategy, sharing one PlanCache for the session. Pure in
// what it returns (a function of settings, strategies and sources); the caches only save time. Engine errors
// (segment size too large, ...) become the column's message instead of being thrown.
import type { Gpu } from '../hardware/types.js';
import { newPlanCache, plan, type PlanCache } from '../plan/plan.js';
import type { PlanRequest } from '../plan/types.js';
import type { StrategyName } from '../vocabulary.js';
import type { ModelSpec } from '../spec/types.js';
import type { Outcome } from './outcome.js';
import type { Settings } from './settings.js';
import type { Sources } from './sources.js';
import { pickWinner } from './winner.js';

export interface Derived {
  outcomes: Outcome[];
  winner: StrategyName | null;
  /** the model and GPU could be read (otherwise `problem` says why) */
  model: ModelSpec | null;
  gpu: Gpu | null;
  problem: string | null;
}

export interface DeriveCache {
  plans: PlanCache;
  /** outcomes by request, so that a SegProp knob does not re-plan E2E */
  outcomes: Map<string, Outcome>;
}

export function newDeriveCache(): DeriveCache {
  return { plans: newPlanCache(), outcomes: new Map() };
}

const MAX_REMEMBERED = 256;

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.name === 'UserError' || e.name === 'SpecError' || e.name === 'RequestError' ? e.message : `internal error: ${e.message}`;
  return String(e);
}

function requestFor(s: Settings, strategy: StrategyName, model: ModelSpec, gpu: Gpu): PlanRequest {
  const req: PlanRequest = {
    model,
    gpu,
    gpus: s.gpus,
    nodes: s.nodes,
    seqLen: s.seqLen,
    microBatch: s.microBatch,
    strategy,
    checkpointing: s.checkpointing,
    attention: s.attention,
    precision: s.precision,
    optimizer: s.optimizer,
    runtime: s.runtime,
  };
  if (strategy === 'segprop') {
    req.segprop = { segmentSize: s.segmentSize, headDepth: s.headDepth, prefixDepth: s.prefixDepth, forward: s.forward };
    // the placement knobs are SegProp's; E2E and FSDP (+ offload) keep their presets
    const t = s.trainablePlacement;
    req.placement = { frozen: s.frozenPlacement, trainable: { weights: t, gradients: t, optimizer: s.optimizerPlacement ?? t } };
  }
  return req;
}

function keyOf(s: Settings, strategy: StrategyName): string {
  const { models, gpuList, model, gpu, segmentSize, headDepth, prefixDepth, forward, frozenPlacement, trainablePlacement, optimizerPlacement, ...rest } = s;
  const seg = strategy === 'segprop' ? { segmentSize, headDepth, prefixDepth, forward, frozenPlacement, trainablePlacement, optimizerPlacement } : {};
  return JSON.stringify({ m: models[model], g: gpuList[gpu], strategy, ...rest, ...seg });
}

export function derive(s: Settings, strategies: readonly StrategyName[], sources: Sources, cache: DeriveCache = newDeriveCache()): Derived {
  let model: ModelSpec;
  let gpu: Gpu;
  try {
    model = sources.model(s.models[s.model]);
    gpu = sources.gpu(s.gpuList[s.gpu]);
  } catch (e) {
    const problem = messageOf(e);
    return { outcomes: strategies.map((strategy) => ({ strategy, result: null, error: problem })), winner: null, model: null, gpu: null, problem };
  }
  const outcomes = strategies.map((strategy): Outcome => {
    const key = keyOf(s, strategy);
    const known = cache.outcomes.get(key);
    if (known) return known;
    let o: Outcome;
    try {
      o = { strategy, result: plan(requestFor(s, strategy, model, gpu), cache.plans), error: null };
    } catch (e) {
      o = { strategy, result: null, error: messageOf(e) };
    }
    if (cache.outcomes.size >= MAX_REMEMBERED) cache.outcomes.clear();
    cache.outcomes.set(key, o);
    return o;
  });
  return { outcomes, winner: pickWinner(outcomes), model, gpu, problem: null };
}
