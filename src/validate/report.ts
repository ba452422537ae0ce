// Writes reports/validation.md and reports/validation.json: one row per case, predicted vs measured with
// the relative error, and the environment (backend, tfjs and Node versions, CPU model and cores).

import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseResult } from './run.js';

export function environment() {
  const require = createRequire(import.meta.url);
  const tfjs = (require('@tensorflow/tfjs-core/package.json') as { version: string }).version;
  const cpus = os.cpus();
  return { tfjs, node: process.version, os: `${os.type()} ${os.release()}`, cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
const kib = (x: number) => (x / 1024).toFixed(1);

export function renderMarkdown(results: CaseResult[]): string {
  const env = environment();
  const lines = [
    '# Validation on TensorFlow.js',
    '',
    `backend ${results[0]?.backend ?? '-'} · tfjs ${env.tfjs} · Node ${env.node} · ${env.cpu} (${env.cores} cores) · ${env.os}`,
    '',
    'Contraction FLOPs (matmul/conv) per phase must be equal; memory is physical bytes (distinct buffers); elementwise FLOPs use the convention of one FLOP per output element of a non-contraction kernel.',
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
  return lines.join('\n') + '\n';
}

export function writeReport(results: CaseResult[], dir = 'reports'): { md: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const md = path.join(dir, 'validation.md');
  const json = path.join(dir, 'validation.json');
  writeFileSync(md, renderMarkdown(results));
  writeFileSync(json, JSON.stringify({ environment: environment(), results }, null, 2) + '\n');
  return { md, json };
}
