// Sweeps: the cartesian product of a few varied settings over a base request, each planned with a shared
// cache (graphs and block summaries are computed once), plus the Pareto frontier of the results.

import { UserError } from '../errors.js';
import { gpuById } from '../hardware/lookup.js';
import { newPlanCache, plan, type PlanCache } from './plan.js';
import type { PlanRequest, PlanResult } from './types.js';

export const SWEEP_AXES = [
  'segment-size', 'segments', 'head-depth', 'prefix-depth', 'forward', 'checkpointing', 'gpu', 'gpus', 'nodes',
  'seq-len', 'strategy', 'micro-batch', 'attention', 'precision', 'optimizer',
] as const;
export type SweepAxisName = (typeof SWEEP_AXES)[number];

export interface SweepAxis {
  name: SweepAxisName;
  values: (string | number)[];
}

export interface SweepRow {
  values: Partial<Record<SweepAxisName, string | number>>;
  result?: PlanResult;
  /** a combination that cannot be planned (e.g. a segment size larger than the body) */
  error?: string;
}

function apply(req: PlanRequest, axis: SweepAxisName, v: string | number): PlanRequest {
  const num = () => {
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) throw new UserError(`--vary ${axis}: "${v}" is not a number`);
    return n;
  };
  const seg = () => ({ segments: undefined, segmentSize: undefined, headDepth: 1, prefixDepth: 0, forward: 'full' as const, ...req.segprop });
  switch (axis) {
    case 'segment-size': return { ...req, segprop: { ...seg(), segmentSize: num(), segments: undefined } };
    case 'segments': return { ...req, segprop: { ...seg(), segments: num(), segmentSize: undefined } };
    case 'head-depth': return { ...req, segprop: { ...seg(), headDepth: num() } };
    case 'prefix-depth': return { ...req, segprop: { ...seg(), prefixDepth: num() } };
    case 'forward': return { ...req, segprop: { ...seg(), forward: v as 'full' | 'growing' } };
    case 'checkpointing': return { ...req, checkpointing: v as PlanRequest['checkpointing'] };
    case 'gpu': return { ...req, gpu: gpuById(String(v)) };
    case 'gpus': return { ...req, gpus: num() };
    case 'nodes': return { ...req, nodes: num() };
    case 'seq-len': return { ...req, seqLen: num() };
    case 'strategy': return { ...req, strategy: v as PlanRequest['strategy'] };
    case 'micro-batch': return { ...req, microBatch: v === 'auto' ? 'auto' : num() };
    case 'attention': return { ...req, attention: v as PlanRequest['attention'] };
    case 'precision': return { ...req, precision: v as PlanRequest['precision'] };
    case 'optimizer': return { ...req, optimizer: v as PlanRequest['optimizer'] };
  }
}

/** Every combination of the axes' values, in row-major order (the last axis varies fastest). */
export function* combinations(axes: readonly SweepAxis[]): Generator<Partial<Record<SweepAxisName, string | number>>> {
  const idx = axes.map(() => 0);
  if (axes.some((a) => a.values.length === 0)) return;
  for (;;) {
    yield Object.fromEntries(axes.map((a, k) => [a.name, a.values[idx[k]]]));
    let k = axes.length - 1;
    while (k >= 0 && ++idx[k] === axes[k].values.length) idx[k--] = 0;
    if (k < 0) return;
  }
}

export function sweepSize(axes: readonly SweepAxis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

export function sweep(
  base: PlanRequest,
  axes: readonly SweepAxis[],
  onProgress?: (done: number, total: number) => void,
  cache: PlanCache = newPlanCache(),
): SweepRow[] {
  const total = sweepSize(axes);
  const rows: SweepRow[] = [];
  for (const values of combinations(axes)) {
    let req = base;
    for (const a of axes) req = apply(req, a.name, values[a.name]!);
    try {
      rows.push({ values, result: plan(req, cache) });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      rows.push({ values, error: e.message });
    }
    onProgress?.(rows.length, total);
  }
  return rows;
}

export interface FrontierObjectives {
  /** minimise: peak bytes per GPU */
  memory: (r: PlanResult) => number;
  /** minimise: FLOPs of the schedule (or per step) */
  flops: (r: PlanResult) => number;
  /** minimise: seconds of the schedule (or per step) */
  time: (r: PlanResult) => number;
}

/** Total FLOPs and seconds of the whole run: SegProp's schedule, or one step for single-stage strategies. */
export const DEFAULT_OBJECTIVES: FrontierObjectives = {
  memory: (r) => r.peakBytes,
  flops: (r) => r.schedule?.totalFlops ?? r.stages.reduce((s, st) => s + st.flops.total, 0),
  time: (r) => r.schedule?.totalSeconds ?? r.stages.reduce((s, st) => s + st.stepTimeSeconds, 0),
};

/** Rows that fit and that no other fitting row beats on every objective (memory, FLOPs, time). */
export function paretoFrontier(rows: readonly SweepRow[], o: FrontierObjectives = DEFAULT_OBJECTIVES): SweepRow[] {
  const ok = rows.filter((r) => r.result?.fits);
  const score = (r: SweepRow) => [o.memory(r.result!), o.flops(r.result!), o.time(r.result!)];
  const scores = ok.map(score);
  return ok.filter((_, i) =>
    !scores.some((s, j) => j !== i && s.every((v, k) => v <= scores[i][k]) && s.some((v, k) => v < scores[i][k])),
  );
}
