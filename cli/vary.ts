// --vary AXIS=VALUES for sweeps: values are a comma list ("1,2,4,8") or an integer range ("0..4").
// Each axis is a plan flag; the sweep plans every combination.
import { UserError } from '../src/errors.js';
import { limitProblem, type LimitName } from '../src/spec/limits.js';
import type { ForwardMode, Residence, StrategyName } from '../src/vocabulary.js';
import type { ActivationPolicy } from '../src/strategy/roles.js';
import { didYouMean } from './closest.js';
import type { Job } from './jobs.js';
import { RESIDENCES } from './plan-flags.js';
import { oneOf } from '../src/words.js';

type Value = string | number;

interface Axis {
  kind: 'int' | 'count' | 'int-or-auto' | 'word';
  /** for numbers: the size limit (src/spec/limits.ts) */
  limit?: LimitName;
  words?: readonly string[];
  apply(job: Job, v: Value): void;
}

// a Map: an axis name comes from the user (`--vary toString=1` must be an unknown axis, not Object.prototype's)
export const AXES = new Map<string, Axis>(Object.entries({
  'segment-size': { limit: 'layers', kind: 'int', apply: (j, v) => { j.segprop.segmentSize = v as number; j.segprop.segments = undefined; } },
  segments: { limit: 'layers', kind: 'int', apply: (j, v) => { j.segprop.segments = v as number; j.segprop.segmentSize = undefined; } },
  'head-depth': { limit: 'layers', kind: 'count', apply: (j, v) => { j.segprop.headDepth = v as number; } },
  'prefix-depth': { limit: 'layers', kind: 'count', apply: (j, v) => { j.segprop.prefixDepth = v as number; } },
  forward: { kind: 'word', words: ['full', 'growing'], apply: (j, v) => { j.segprop.forward = v as ForwardMode; } },
  'seq-len': { limit: 'sequence', kind: 'int', apply: (j, v) => { j.seqLen = v as number; } },
  gpus: { limit: 'gpus', kind: 'int', apply: (j, v) => { j.gpus = v as number; } },
  'micro-batch': { limit: 'microBatch', kind: 'int-or-auto', apply: (j, v) => { j.microBatch = v as number | 'auto'; } },
  gpu: { kind: 'word', apply: (j, v) => { j.gpu = v as string; j.gpuBase = process.cwd(); } },
  checkpointing: { kind: 'word', words: ['none', 'full', 'selective'], apply: (j, v) => { j.checkpointing = v as ActivationPolicy; } },
  strategy: { kind: 'word', words: ['e2e', 'fsdp', 'fsdp-offload', 'segprop'], apply: (j, v) => { j.strategy = v as StrategyName; j.label = v as string; } },
  precision: { kind: 'word', words: ['bf16-mixed', 'bf16', 'fp32'], apply: (j, v) => { j.precision = v as Job['precision']; } },
  optimizer: { kind: 'word', words: ['adamw', 'sgd', 'adam8bit'], apply: (j, v) => { j.optimizer = v as Job['optimizer']; } },
  attention: { kind: 'word', words: ['flash', 'math'], apply: (j, v) => { j.attention = v as Job['attention']; } },
  'trainable-placement': { kind: 'word', words: RESIDENCES, apply: (j, v) => { j.placement = { ...j.placement, trainable: v as Residence }; } },
  'optimizer-placement': { kind: 'word', words: RESIDENCES, apply: (j, v) => { j.placement = { ...j.placement, optimizer: v as Residence }; } },
  'frozen-placement': { kind: 'word', words: RESIDENCES, apply: (j, v) => { j.placement = { ...j.placement, frozen: v as Residence }; } },
} satisfies Record<string, Axis>));

function parseValue(name: string, axis: Axis, raw: string): Value {
  const bad = (what: string): never => {
    throw new UserError(`--vary ${name}: expected ${what}, got ${JSON.stringify(raw)}`);
  };
  if (axis.kind === 'word') {
    if (axis.words && !axis.words.includes(raw)) bad(oneOf(axis.words));
    return raw;
  }
  if (axis.kind === 'int-or-auto' && raw === 'auto') return raw;
  if (!/^[0-9]+$/.test(raw)) bad(axis.kind === 'count' ? 'non-negative integers' : 'positive integers');
  const n = Number(raw);
  if (axis.kind !== 'count' && n < 1) bad('positive integers');
  const over = axis.limit && limitProblem(axis.limit, n);
  if (over) throw new UserError(`--vary ${name}: ${over}`);
  return n;
}

export type VarySpec = Array<{ name: string; values: Value[] }>;

/** Parses one `AXIS=VALUES` argument. */
export function parseVary(arg: string): { name: string; values: Value[] } {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new UserError(`--vary: expected AXIS=VALUES (e.g. segment-size=1,2,4), got ${JSON.stringify(arg)}`);
  const name = arg.slice(0, eq).trim();
  const axis = AXES.get(name);
  if (!axis) {
    throw new UserError(`--vary: unknown axis ${JSON.stringify(name)}${didYouMean(name, [...AXES.keys()])}; axes: ${[...AXES.keys()].join(', ')}`);
  }
  const text = arg.slice(eq + 1).trim();
  const range = /^([0-9]+)\.\.([0-9]+)$/.exec(text);
  let raws: string[];
  if (range) {
    const lo = Number(range[1]);
    const hi = Number(range[2]);
    if (hi < lo) throw new UserError(`--vary ${name}: empty range ${text}`);
    if (hi - lo > 1000) throw new UserError(`--vary ${name}: range ${text} has more than 1000 values`);
    raws = Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i));
  } else {
    raws = text.split(',').map((s) => s.trim());
    if (raws.some((s) => s === '')) throw new UserError(`--vary ${name}: empty value in ${JSON.stringify(text)}`);
  }
  return { name, values: raws.map((r) => parseValue(name, axis, r)) };
}

/** How many combinations `spec` has, counted without building them (a sweep refuses too many before any work). */
export function combinationCount(spec: VarySpec): number {
  return spec.reduce((n, a) => n * a.values.length, 1);
}

/** The sweep size `segplan sweep --max-points` allows by default, and `report` allows for a scenario's sweep. */
export const DEFAULT_MAX_POINTS = 2000;

/** Every combination, first axis slowest. */
export function combinations(spec: VarySpec): Array<Record<string, Value>> {
  let out: Array<Record<string, Value>> = [{}];
  for (const { name, values } of spec) out = out.flatMap((partial) => values.map((v) => ({ ...partial, [name]: v })));
  return out;
}

export function applyPoint(job: Job, point: Record<string, Value>): Job {
  const copy: Job = { ...job, segprop: { ...job.segprop } };
  for (const [name, v] of Object.entries(point)) AXES.get(name)!.apply(copy, v);
  return copy;
}
