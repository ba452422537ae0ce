// --vary AXIS=VALUES for sweeps: values are a comma list ("1,2,4,8") or an integer range ("0..4").
// Each axis is a plan flag; the sweep plans every combination.
import { UserError } from '../src/errors.js';
import { PARAMETERS, type JobParameter } from '../src/job/parameters.js';
import { limitProblem } from '../src/model/limits.js';
import { didYouMean } from './closest.js';
import { setJobValueInPlace, type Job } from './jobs.js';
import type { JobValues } from '../src/job/values.js';
import { oneOf } from '../src/words.js';

type Value = string | number;

// a Map: an axis name comes from the user (`--vary toString=1` must be an unknown axis, not Object.prototype's)
export const AXES = new Map<string, JobParameter>(PARAMETERS.filter((p) => p.axis === true).map((p) => [p.flag, p]));

function parseValue(name: string, axis: JobParameter, raw: string): Value {
  const bad = (what: string): never => {
    throw new UserError(`--vary ${name}: expected ${what}, got ${JSON.stringify(raw)}`);
  };
  if (axis.type === 'choice' || axis.type === 'name') {
    if (axis.choices && !axis.choices.includes(raw)) bad(oneOf(axis.choices));
    return raw;
  }
  if (axis.type === 'int-or-auto' && raw === 'auto') return raw;
  if (!/^[0-9]+$/.test(raw)) bad(axis.type === 'count' ? 'non-negative integers' : 'positive integers');
  const n = Number(raw);
  if (axis.type !== 'count' && n < 1) bad('positive integers');
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

/** The job at one sweep point: each axis set in order, as setJobValue does, on one copy (a sweep makes thousands). */
export function applyPoint(job: Job, point: Record<string, Value>): Job {
  const values: Record<string, unknown> = { ...job.values };
  let out: Job = { ...job, values: values as JobValues };
  for (const name in point) out = setJobValueInPlace(out, values, AXES.get(name)!, point[name]);
  return out;
}
