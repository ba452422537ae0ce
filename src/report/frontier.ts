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

/** The plan has a cost: a training budget and a price. */
const priced = (r: PlanResult): boolean => r.training?.costUsd != null;

/** Cost is a fourth objective when every plan has one (a budget and a price): more GPUs can be faster and dearer. */
const everyPriced = (pricedEach: readonly boolean[]): boolean => pricedEach.length > 0 && pricedEach.every(Boolean);

export function costObjective(results: PlanResult[]): boolean {
  return everyPriced(results.map(priced));
}

/** What the frontier reads of a plan (a sweep of thousands keeps this, not the plans). */
export interface FrontierCandidate {
  fits: boolean;
  objectives: Objectives;
  /** the plan has a cost (a budget and a price) */
  priced: boolean;
}

export function frontierCandidate(r: PlanResult): FrontierCandidate {
  return { fits: r.fits, objectives: objectives(r), priced: priced(r) };
}

function dominates(a: Objectives, b: Objectives, keys: Array<keyof Objectives>): boolean {
  return keys.every((k) => a[k] <= b[k]) && keys.some((k) => a[k] < b[k]);
}

/**
 * Indices of the frontier points, in input order. `axis` 'time': the frontier of memory against the time to
 * update every layer once (a study's memory-time trade-off), instead of memory, FLOPs, time (and cost).
 */
export function paretoFrontier(results: PlanResult[], axis: FrontierAxis = 'flops'): Set<number> {
  return frontierOf(results.map(frontierCandidate), axis);
}

/** paretoFrontier of what the frontier reads of each plan. */
export function frontierOf(points: readonly FrontierCandidate[], axis: FrontierAxis = 'flops'): Set<number> {
  const withCost = everyPriced(points.map((p) => p.priced));
  const keys: Array<keyof Objectives> =
    axis === 'time' ? ['memory', 'secondsPerUpdate'] : ['memory', 'flopsPerToken', 'secondsPerToken', ...(withCost ? (['costUsd'] as const) : [])];
  const front = new Set<number>();
  points.forEach((p, i) => {
    if (!p.fits) return;
    const beaten = points.some((q, j) => j !== i && q.fits && dominates(q.objectives, p.objectives, keys));
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
