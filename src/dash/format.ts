// Number formatting for the dashboard: units are stated (GiB = 2^30 bytes, FLOPs are floating-point
// operations, not multiply-accumulates). Formatting only; every value comes from the engine.

import { gib as reportGib } from '../report/units.js';
import { percent as percentOf } from '../words.js';

const GIB = 2 ** 30;

/** bytes as GiB (binary), e.g. "37.6 GiB": the reports' format with one decimal for narrow columns */
export function gib(bytes: number, digits = 1): string {
  return reportGib(bytes, digits);
}

/** bytes as a bare GiB number, for tight columns whose header names the unit */
export function gibNumber(bytes: number): string {
  const v = bytes / GIB;
  return v >= 1000 ? v.toFixed(0) : v.toFixed(1);
}

/** bytes as a bare MiB number (2^20 bytes), two decimals */
export function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(2);
}

const SI: Array<[number, string]> = [
  [1e18, 'E'],
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** a count with an SI prefix and a trailing unit slot, e.g. 1.23e15 -> "1.23 P", 512 -> "512 " */
export function si(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  for (const [scale, prefix] of SI) {
    if (Math.abs(value) >= scale) return `${(value / scale).toPrecision(digits)} ${prefix}`;
  }
  return `${value.toPrecision(digits)} `;
}

/** a count of floating-point operations, e.g. "1.23 PFLOP" (the CLI's unit; rates are FLOP/s) */
export function flops(value: number): string {
  return `${si(value)}FLOP`;
}

/** parameters, e.g. 6.9e10 -> "69.0B params" */
export function params(count: number): string {
  if (count >= 1e9) return `${(count / 1e9).toFixed(1)}B params`;
  if (count >= 1e6) return `${(count / 1e6).toFixed(1)}M params`;
  return `${count} params`;
}

/** seconds with a unit that keeps 3 significant digits: "812 ms", "3.41 s", "2.10 h" */
export function seconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (s < 1e-3) return `${(s * 1e6).toPrecision(3)} µs`;
  if (s < 1) return `${(s * 1e3).toPrecision(3)} ms`;
  if (s < 3600) return `${s.toPrecision(3)} s`;
  return `${(s / 3600).toPrecision(3)} h`;
}

/** a rate per second, e.g. "6.55 ktok/s" */
export function rate(perSecond: number, unit: string): string {
  return `${si(perSecond)}${unit}/s`;
}

/** a fraction as a percentage, e.g. 0.4512 -> "45.1%" */
export function percent(fraction: number): string {
  return percentOf(fraction);
}

/** a signed relative error, e.g. -0.132 -> "-13.2%" (never "-0.0%") */
export function relError(fraction: number): string {
  if (!Number.isFinite(fraction)) return fraction > 0 ? '+inf' : String(fraction);
  return percentOf(fraction, 1, true);
}

/** a value range: one value when both ends format the same; a shared unit is written once ("1.47–3.52 s") */
export function range(lo: string, hi: string): string {
  if (lo === hi) return lo;
  const a = lo.split(' ');
  const b = hi.split(' ');
  if (a.length === 2 && b.length === 2 && a[1] === b[1]) return `${a[0]!}–${b[0]!} ${a[1]!}`; // both split into two words above
  return `${lo}–${hi}`;
}
