// The Pareto frontier of planned points: a point is on it when no other fitting point is at least as good on
// memory, FLOPs per token, time per token (and cost, when every point is priced), and better on one. Plans that
// do not fit are never on it.
import type { PlanResult } from '../plan/types.js';
import type { FrontierAxis } from '../scenario/types.js';
import { meanStepFlops } from './stage-stats.js';

export interface Objectives {
  /** peak bytes per GPU */
  memory: number;
  /** FLOPs per trained token, averaged over the schedule's stages (as the engine counts a step) */
  flopsPerToken: number;
  /** seconds per token of the whole cluster (1 / throughput) */
  secondsPerToken: number;
  /** USD for the training budget (price x GPUs x time); Infinity when unpriced */
  costUsd: number;
  /**
   * seconds until every layer has had one update: a step for E2E, one step of every stage for a schedule of
   * stages (SegProp trains the same number of steps in each stage, so this is its time for E2E's updates)
   */
  secondsPerUpdate: number;
}

export function objectives(r: PlanResult): Objectives {
  // tokens for sequence models, images for image models (tokensPerSample = 1)
  const tokensPerStep = Math.max(1, r.settings.microBatch) * r.model.tokensPerSample;
  return {
    memory: r.peakBytes,
    flopsPerToken: meanStepFlops(r) / tokensPerStep,
    secondsPerToken: r.throughput.tokensPerSecond > 0 ? 1 / r.throughput.tokensPerSecond : Infinity,
    costUsd: r.training?.costUsd ?? Infinity,
    secondsPerUpdate: r.stages.reduce((a, st) => a + st.stepTimeSeconds, 0),
  };
}

/** Cost is a fourth objective when every plan has one (a budget and a price): more GPUs can be faster and dearer. */
export function costObjective(results: PlanResult[]): boolean {
  return results.length > 0 && results.every((r) => r.training?.costUsd != null);
}

function dominates(a: Objectives, b: Objectives, keys: Array<keyof Objectives>): boolean {
  return keys.every((k) => a[k] <= b[k]) && keys.some((k) => a[k] < b[k]);
}

/**
 * Indices of the frontier points, in input order. `axis` 'time': the frontier of memory against the time to
 * update every layer once (a study's memory-time trade-off), instead of memory, FLOPs, time (and cost).
 */
export function paretoFrontier(results: PlanResult[], axis: FrontierAxis = 'flops'): Set<number> {
  const objs = results.map(objectives);
  const keys: Array<keyof Objectives> =
    axis === 'time'
      ? ['memory', 'secondsPerUpdate']
      : ['memory', 'flopsPerToken', 'secondsPerToken', ...(costObjective(results) ? (['costUsd'] as const) : [])];
  const front = new Set<number>();
  results.forEach((r, i) => {
    if (!r.fits) return;
    const beaten = results.some((q, j) => j !== i && q.fits && dominates(objs[j]!, objs[i]!, keys));
    if (!beaten) front.add(i);
  });
  return front;
}

/** What the frontier chart's x axis shows of a point: FLOPs per token, or with `axis` 'time' the time per update. */
export function frontierX(o: Objectives, axis: FrontierAxis): number {
  return axis === 'time' ? o.secondsPerUpdate : o.flopsPerToken;
}

/**
 * The frontier's points numbered 1, 2, ... along the frontier chart's x axis (FLOPs per token, or the time per
 * update with `axis` 'time'): index → number. The chart labels points with these short numbers, so that labels
 * cannot overlap, and the sweep table gives each number's settings.
 */
export function frontierMarks(results: PlanResult[], front: Set<number>, axis: FrontierAxis = 'flops'): Map<number, number> {
  const x = new Map([...front].map((i) => [i, frontierX(objectives(results[i]!), axis)]));
  const order = [...front].sort((a, b) => x.get(a)! - x.get(b)! || a - b);
  return new Map(order.map((i, n) => [i, n + 1]));
}
