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
import { renderTorchSection } from './torch/report.js';
import type { TorchRun } from './torch/run.js';
import { type PublishedReport, renderPublishedSection } from './published/report.js';
import { relativeError } from '../words.js';
import { kib } from '../report/units.js';

/** PyTorch runs by backend (torch, torch-cuda). */
export type TorchRuns = Record<string, TorchRun>;

export function environment() {
  const require = createRequire(import.meta.url);
  const tfjs = (require('@tensorflow/tfjs-core/package.json') as { version: string }).version;
  const cpus = os.cpus();
  return { tfjs, node: process.version, os: `${os.type()} ${os.release()}`, cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length };
}

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
      `| ${r.name} | ${fl} | ${kib(p.peakBytes)} / ${kib(m.peakBytes)} (${relativeError(r.errors.peakBytes)}) | ${kib(p.savedBytes)} / ${kib(m.savedBytes)} (${relativeError(r.errors.savedBytes)}) | ${kib(m.handleBytes)} | ${(p.stepSeconds * 1e3).toFixed(2)} / ${(m.stepSeconds * 1e3).toFixed(2)} (${relativeError(r.errors.stepSeconds)}) | ${(p.elementwiseFlops.total / 1e6).toFixed(3)} / ${(m.elementwiseFlops.total / 1e6).toFixed(3)} (${relativeError(r.errors.elementwiseFlops)}) |`,
    );
  }
  return lines;
}

/** The report of one or more backends' results (grouped by backend, in order of first appearance). */
export function renderMarkdown(results: CaseResult[], torch: TorchRuns = {}, published?: PublishedReport): string {
  const env = environment();
  const backends = [...new Set(results.map((r) => r.backend))];
  const lines = [
    '# Validation: predictions against real training steps',
    '',
    `TensorFlow.js backends ${backends.join(', ') || '-'} · tfjs ${env.tfjs} · Node ${env.node} · ${env.cpu} (${env.cores} cores) · ${env.os}`,
    '',
    'TensorFlow.js: contraction FLOPs (matmul/conv) per phase must be equal; memory is physical bytes (distinct buffers), predicted with the tfjs runtime profile of the backend (cpu: src/runtime/tfjs.ts, wasm: src/runtime/tfjs-wasm.ts); elementwise FLOPs use the convention of one FLOP per output element of a non-contraction kernel.',
    '',
    "PyTorch: models segplan did not write (torchvision, torch.nn, decoders after Hugging Face), run by harness/torch_harness.py; predicted with the PyTorch profile (src/runtime/pytorch.ts) and the measured torch version's optimizer (src/validate/torch/profile.ts). How to read the differences: docs/validation.md.",
  ];
  for (const b of backends) lines.push('', ...renderSection(results.filter((r) => r.backend === b)));
  for (const [b, run] of Object.entries(torch)) lines.push('', ...renderTorchSection(b, run));
  if (published) lines.push('', ...renderPublishedSection(published));
  return lines.join('\n') + '\n';
}

interface ReportJson {
  results?: CaseResult[];
  torch?: TorchRuns;
  published?: PublishedReport;
}

function readReport(json: string): ReportJson {
  if (!existsSync(json)) return {};
  try {
    return JSON.parse(readFileSync(json, 'utf8')) as ReportJson;
  } catch {
    return {};
  }
}

/** How the report's files reach the disk; the CLI passes an atomic writer that refuses to replace without --force. */
export type WriteFiles = (files: Array<{ file: string; content: string }>) => void;

const plainWrite: WriteFiles = (files) => {
  for (const { file, content } of files) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
};

function write(
  dir: string,
  tfjs: CaseResult[],
  torch: TorchRuns,
  published: PublishedReport | undefined,
  writeFiles: WriteFiles,
): { md: string; json: string } {
  const md = path.join(dir, 'validation.md');
  const json = path.join(dir, 'validation.json');
  // sections in the order of BACKENDS (cpu, wasm, ...), whichever ran last
  const sorted = [...tfjs].sort((a, b) => BACKENDS.indexOf(a.backend) - BACKENDS.indexOf(b.backend));
  const torchSorted = Object.fromEntries(Object.entries(torch).sort(([a], [b]) => a.localeCompare(b)));
  writeFiles([
    { file: md, content: renderMarkdown(sorted, torchSorted, published) },
    {
      file: json,
      content: JSON.stringify({ environment: environment(), results: sorted, torch: torchSorted, ...(published && { published }) }, null, 2) + '\n',
    },
  ]);
  return { md, json };
}

/** Replaces the TensorFlow.js backends of `results` in the report; keeps the others and the PyTorch runs. */
export function writeReport(results: CaseResult[], dir = 'reports', writeFiles = plainWrite): { md: string; json: string } {
  const old = readReport(path.join(dir, 'validation.json'));
  const backends = new Set(results.map((r) => r.backend));
  return write(dir, [...(old.results ?? []).filter((r) => !backends.has(r.backend)), ...results], old.torch ?? {}, old.published, writeFiles);
}

/** Replaces one PyTorch backend's section (a run with step times, the gpu suite, has its own); keeps everything else. */
export function writeTorchReport(run: TorchRun, dir = 'reports', writeFiles = plainWrite): { md: string; json: string } {
  const old = readReport(path.join(dir, 'validation.json'));
  const backend = run.results[0]?.backend ?? (run.environment.device === 'cuda' ? 'torch-cuda' : 'torch');
  const key = run.results.some((r) => r.stepTime) ? `${backend} gpu suite` : backend;
  return write(dir, old.results ?? [], { ...(old.torch ?? {}), [key]: run }, old.published, writeFiles);
}

/** Replaces the published-throughput section; keeps everything else. */
export function writePublishedReport(published: PublishedReport, dir = 'reports', writeFiles = plainWrite): { md: string; json: string } {
  const old = readReport(path.join(dir, 'validation.json'));
  return write(dir, old.results ?? [], old.torch ?? {}, published, writeFiles);
}
