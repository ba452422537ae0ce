// Writes reports/validation.md and reports/validation.json: one section per backend, one row per case,
// predicted vs measured with the relative error, and the environment (tfjs and Node versions, CPU model and
// cores). A run on one backend replaces that backend's section and keeps the others' (read back from the
// JSON), so `segplan validate --report` on cpu and then on wasm leaves both in the report.

import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BACKENDS } from './backend.js';
import type { CaseResult } from './run.js';

export function environment() {
  const require = createRequire(import.meta.url);
  const tfjs = (require('@tensorflow/tfjs-core/package.json') as { version: string }).version;
  const cpus = os.cpus();
  return { tfjs, node: process.version, os: `${os.type()} ${os.release()}`, cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
const kib = (x: number) => (x / 1024).toFixed(1);

function renderSection(results: CaseResult[]): string[] {
  const lines = [
    `## Backend ${results[0]?.backend ?? '-'}`,
    '',
    '| case | FLOPs fw/ig/wg/rc (pred = meas?) | peak KiB pred / meas (err) | saved KiB pred / meas (err) | handle KiB | step ms pred / meas (err) | elementwise MFLOP pred / meas (err) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const p = r.predicted;
    const m = r.measured;
    const fl = `${m.flops.forward}/${m.flops.inputGrad}/${m.flops.weightGrad}/${m.flops.recompute} ${r.errors.flopsExact ? '(equal)' : `(pred ${p.flops.forward}/${p.flops.inputGrad}/${p.flops.weightGrad}/${p.flops.recompute})`}`;
    lines.push(
      `| ${r.name} | ${fl} | ${kib(p.peakBytes)} / ${kib(m.peakBytes)} (${pct(r.errors.peakBytes)}) | ${kib(p.savedBytes)} / ${kib(m.savedBytes)} (${pct(r.errors.savedBytes)}) | ${kib(m.handleBytes)} | ${(p.stepSeconds * 1e3).toFixed(2)} / ${(m.stepSeconds * 1e3).toFixed(2)} (${pct(r.errors.stepSeconds)}) | ${(p.elementwiseFlops.total / 1e6).toFixed(3)} / ${(m.elementwiseFlops.total / 1e6).toFixed(3)} (${pct(r.errors.elementwiseFlops)}) |`,
    );
  }
  return lines;
}

/** The report of one or more backends' results (grouped by backend, in order of first appearance). */
export function renderMarkdown(results: CaseResult[]): string {
  const env = environment();
  const backends = [...new Set(results.map((r) => r.backend))];
  const lines = [
    '# Validation on TensorFlow.js',
    '',
    `backends ${backends.join(', ') || '-'} · tfjs ${env.tfjs} · Node ${env.node} · ${env.cpu} (${env.cores} cores) · ${env.os}`,
    '',
    'Contraction FLOPs (matmul/conv) per phase must be equal; memory is physical bytes (distinct buffers), predicted with the tfjs runtime profile of the backend (cpu: src/runtime/tfjs.ts, wasm: src/runtime/tfjs-wasm.ts); elementwise FLOPs use the convention of one FLOP per output element of a non-contraction kernel.',
  ];
  for (const b of backends) lines.push('', ...renderSection(results.filter((r) => r.backend === b)));
  return lines.join('\n') + '\n';
}

/** Results of the other backends already in the JSON report (an older one-backend report included). */
function otherBackends(json: string, backends: Set<string>): CaseResult[] {
  if (!existsSync(json)) return [];
  try {
    const old = JSON.parse(readFileSync(json, 'utf8')) as { results?: CaseResult[] };
    return (old.results ?? []).filter((r) => !backends.has(r.backend));
  } catch {
    return [];
  }
}

/** The report's two files and their text (the other backends' results read back from the JSON); nothing written. */
export function reportFiles(results: CaseResult[], dir = 'reports'): { md: string; json: string; mdText: string; jsonText: string } {
  const md = path.join(dir, 'validation.md');
  const json = path.join(dir, 'validation.json');
  // sections in the order of BACKENDS (cpu, wasm, ...), whichever ran last
  const all = [...otherBackends(json, new Set(results.map((r) => r.backend))), ...results].sort(
    (a, b) => BACKENDS.indexOf(a.backend) - BACKENDS.indexOf(b.backend),
  );
  return { md, json, mdText: renderMarkdown(all), jsonText: JSON.stringify({ environment: environment(), results: all }, null, 2) + '\n' };
}

export function writeReport(results: CaseResult[], dir = 'reports'): { md: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const files = reportFiles(results, dir);
  writeFileSync(files.md, files.mdText);
  writeFileSync(files.json, files.jsonText);
  return { md: files.md, json: files.json };
}
