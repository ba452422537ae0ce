// Plans from state: one engine call per shown strategy, sharing one PlanCache for the session. Pure in
// what it returns (a function of settings, strategies and sources); the caches only save time. Engine errors
// (segment size too large, ...) become the column's message instead of being thrown.
import type { Gpu } from '../hardware/types.js';
import { newPlanCache, plan, type PlanCache } from '../plan/plan.js';
import type { PlanRequest } from '../plan/types.js';
import { RequestError } from '../errors.js';
import { requestOf } from '../job/request.js';
import type { JobValues } from '../job/values.js';
import type { TrainingRequest } from '../time/time-to-train.js';
import type { StrategyName } from '../vocabulary.js';
import type { ModelSpec } from '../model/types.js';
import type { Outcome } from './outcome.js';
import { type SettingName, SETTING_FIELDS, type Settings } from './settings.js';
import { knobMessage } from './error-lines.js';
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
  /** outcomes by request, so that a SegProp knob does not re-plan E2E (the most recently used last) */
  outcomes: Map<string, Outcome>;
}

export function newDeriveCache(): DeriveCache {
  return { plans: newPlanCache(), outcomes: new Map() };
}

const MAX_REMEMBERED = 256;

function messageOf(e: unknown): string {
  if (e instanceof RequestError) return knobMessage(e);
  if (e instanceof Error) return e.name === 'UserError' || e.name === 'SpecError' ? e.message : `internal error: ${e.message}`;
  return String(e);
}

/** Placements, knobs or flags, are SegProp's: E2E and FSDP (+ offload) keep their presets. */
const appliesTo = (field: string, strategy: StrategyName) => strategy === 'segprop' || !field.startsWith('placement.');

/** The job values of the settings and of the flags no knob changes, as they apply to the column's strategy. */
function valuesFor(s: Settings, strategy: StrategyName): JobValues {
  const values: Record<string, unknown> = { strategy };
  for (const field in s.fixed) if (appliesTo(field, strategy)) values[field] = s.fixed[field as keyof typeof s.fixed];
  for (const [name, field] of Object.entries(SETTING_FIELDS)) {
    if (appliesTo(field, strategy)) values[field] = s[name as SettingName] ?? undefined;
  }
  return values as JobValues;
}

/** The budget and price the plan prices (time-to-train, GPU-hours, cost), or none. */
function trainingOf(s: Settings): TrainingRequest | undefined {
  if (s.budget === null) return undefined;
  return s.price === null ? { budget: s.budget } : { budget: s.budget, usdPerGpuHour: s.price };
}

/** The request a column plans: the settings' job values for its strategy (the benchmark plans through it too). */
export function requestFor(s: Settings, strategy: StrategyName, model: ModelSpec, gpu: Gpu): PlanRequest {
  return requestOf(valuesFor(s, strategy), model, gpu, trainingOf(s));
}

function keyOf(s: Settings, strategy: StrategyName): string {
  const { models, gpuList, model, gpu, segmentSize, headDepth, prefixDepth, forward, frozenPlacement, trainablePlacement, optimizerPlacement, ...rest } = s;
  const seg = strategy === 'segprop' ? { segmentSize, headDepth, prefixDepth, forward, frozenPlacement, trainablePlacement, optimizerPlacement } : {};
  return JSON.stringify({ m: models[model], g: gpuList[gpu], strategy, ...rest, ...seg });
}

/** The entry the setting's index picks; the dashboard only ever sets an index found in, or wrapped to, its list. */
function entryAt(list: readonly string[], i: number, setting: 'model' | 'gpu'): string {
  const ref = list[i];
  if (ref === undefined) throw new Error(`the ${setting} setting ${i} is not an index into its list of ${list.length}`);
  return ref;
}

export function derive(s: Settings, strategies: readonly StrategyName[], sources: Sources, cache: DeriveCache = newDeriveCache()): Derived {
  let model: ModelSpec;
  let gpu: Gpu;
  try {
    model = sources.model(entryAt(s.models, s.model, 'model'));
    gpu = sources.gpu(entryAt(s.gpuList, s.gpu, 'gpu'));
  } catch (e) {
    const problem = messageOf(e);
    return { outcomes: strategies.map((strategy) => ({ strategy, result: null, error: problem })), winner: null, model: null, gpu: null, problem };
  }
  const outcomes = strategies.map((strategy): Outcome => {
    const key = keyOf(s, strategy);
    const known = cache.outcomes.get(key);
    if (known) {
      // the newest use last: the map forgets in the order of use
      cache.outcomes.delete(key);
      cache.outcomes.set(key, known);
      return known;
    }
    let o: Outcome;
    try {
      o = { strategy, result: plan(requestFor(s, strategy, model, gpu), cache.plans), error: null };
    } catch (e) {
      o = { strategy, result: null, error: messageOf(e) };
    }
    // forget the least recently used (a Map iterates in insertion order): the look-ahead (look-ahead.ts) adds up to
    // a hundred outcomes after each key, and emptying the map would lose those of the settings on screen
    if (cache.outcomes.size >= MAX_REMEMBERED) cache.outcomes.delete(cache.outcomes.keys().next().value!);
    cache.outcomes.set(key, o);
    return o;
  });
  return { outcomes, winner: pickWinner(outcomes), model, gpu, problem: null };
}
