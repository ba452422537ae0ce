// Numbers for people: bytes in GiB (binary, unit always shown), FLOPs with SI prefixes, seconds, percent.
// Machine formats (--json, --csv) keep exact engine numbers instead.
import { grouped, percentNumber } from '../words.js';

const GIB = 1024 ** 3;

export function gib(bytes: number, digits = 2): string {
  return `${(bytes / GIB).toFixed(digits)} GiB`;
}

/** KiB with one decimal, no unit (the validation tables' columns name it). */
export function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

/** Bytes in the largest binary unit that keeps the value at 1 or more (KiB, MiB, GiB), for small and large runs alike. */
export function binaryBytes(bytes: number, digits = 2): string {
  const abs = Math.abs(bytes);
  if (abs >= GIB) return gib(bytes, digits);
  if (abs >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(digits)} MiB`;
  return `${(bytes / 1024).toFixed(digits)} KiB`;
}

/** Floating-point operations (2 per multiply-add), e.g. "1.23 PFLOP". */
export function flops(n: number): string {
  const units: Array<[number, string]> = [
    [1e18, 'EFLOP'],
    [1e15, 'PFLOP'],
    [1e12, 'TFLOP'],
    [1e9, 'GFLOP'],
    [1e6, 'MFLOP'],
  ];
  for (const [scale, unit] of units) if (Math.abs(n) >= scale) return `${(n / scale).toFixed(2)} ${unit}`;
  return `${n.toFixed(0)} FLOP`;
}

export function seconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s >= 86_400) return `${(s / 86_400).toFixed(1)} d`;
  if (s >= 3_600) return `${(s / 3_600).toFixed(1)} h`;
  if (s >= 60) return `${(s / 60).toFixed(1)} min`;
  if (s >= 1) return `${s.toFixed(2)} s`;
  return `${(s * 1000).toFixed(1)} ms`;
}

export function percent(fraction: number): string {
  return `${percentNumber(fraction)} %`;
}

/** thousands separators without toLocaleString (words.ts; the job table's help text needs it too) */
export { grouped };

/** Plain counts with thousands separators ("70,553,706,496"). */
export function count(n: number): string {
  return grouped(n);
}

/** Parameter counts as people say them ("68.98 B"). */
export function params(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} K`;
  return String(n);
}

export function rate(n: number, unit: string): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M${unit}`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(2)} k${unit}`;
  return `${n.toFixed(2)} ${unit}`;
}

type Throughput = { model: { family: string; tokensPerSample: number }; throughput: { samplesPerSecond: number; tokensPerSecond: number } };

/** What throughput counts for a model: tokens for sequence models, images (or samples) for the others. */
export function throughputItem(r: { model: { family: string } }): 'tok' | 'img' | 'sample' {
  if (r.model.family === 'decoder' || r.model.family === 'encoder' || r.model.family === 'encoder-decoder') return 'tok';
  return r.model.family === 'generic' ? 'sample' : 'img';
}

/** The model's item in words: token, image or sample. */
export function throughputNoun(r: { model: { family: string } }): 'token' | 'image' | 'sample' {
  return ({ tok: 'token', img: 'image', sample: 'sample' } as const)[throughputItem(r)];
}

/** Throughput in the model's own items: "6.55 ktok/s", "1.21 kimg/s". */
export function throughputRate(r: Throughput): string {
  const item = throughputItem(r);
  return rate(item === 'tok' ? r.throughput.tokensPerSecond : r.throughput.samplesPerSecond, `${item}/s`);
}

/** US dollars with cents and thousands separators ("$3,492.12"); "—" when unknown. */
export function usd(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return `$${grouped(n, 2, 2)}`;
}
