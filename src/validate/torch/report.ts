// The PyTorch section of reports/validation.md: one row per case, predicted vs measured with the errors,
// the environment that measured it, and the summary the suite is judged by (worst and mean error).
import type { TorchRun } from './run.js';
import { percent, relativeError } from '../../words.js';
import { kib } from '../../report/units.js';

/** an absolute error (no sign) */
const abs = (x: number) => percent(x, 2);

/** Worst and mean absolute relative error of the predicted cases. */
export function torchErrorSummary(run: TorchRun): {
  cases: number;
  peakWorst: number;
  peakMean: number;
  savedWorst: number;
  savedMean: number;
  flopsEqual: number;
} {
  const predicted = run.results.filter((r) => r.errors !== null);
  const abs = (f: (e: NonNullable<(typeof predicted)[number]['errors']>) => number) => predicted.map((r) => Math.abs(f(r.errors!)));
  const peak = abs((e) => e.peakBytes);
  const saved = abs((e) => e.savedBytes);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    cases: predicted.length,
    peakWorst: Math.max(0, ...peak),
    peakMean: mean(peak),
    savedWorst: Math.max(0, ...saved),
    savedMean: mean(saved),
    flopsEqual: predicted.filter((r) => r.errors!.flopsExact).length,
  };
}

export function renderTorchSection(backend: string, run: TorchRun): string[] {
  const env = run.environment;
  const s = torchErrorSummary(run);
  const lines = [
    `## Backend ${backend} (PyTorch ${env.torch}${env.torchvision ? `, torchvision ${env.torchvision}` : ''}, ${env.device}${env.gpu ? ` ${env.gpu}` : ''}, ${env.threads} threads)`,
    '',
    `${s.cases} predicted cases: peak within ${abs(s.peakWorst)} (mean absolute error ${abs(s.peakMean)}), saved-for-backward within ${abs(s.savedWorst)} (mean ${abs(s.savedMean)}), contraction FLOPs equal in ${s.flopsEqual} of ${s.cases}. Measured: peak of live bytes over one step (forward, backward, optimizer step) from the allocator; saved: unique storages autograd keeps for backward (parameters and batch excluded). Rows marked "measured" ran a recipe the engine does not plan yet.`,
    '',
    '| case | recipe | params | FLOPs fw/ig/wg/rc (pred = meas?) | peak KiB pred / meas (err) | predicted peak at | saved KiB pred / meas (err) | step ms |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of run.results) {
    const c = r.case;
    const m = r.measured;
    const recipe = `${c.precision}, ${c.optimizer}${c.checkpoint ? `, checkpoint${c.checkpointEvery ? ` every ${c.checkpointEvery}` : ''}` : ''}, b=${c.microBatch}`;
    const f = m.flops;
    const fl = `${f.forward}/${f.inputGrad}/${f.weightGrad}/${f.recompute}`;
    if (!r.predicted || !r.errors) {
      lines.push(
        `| ${r.name} | ${recipe} | ${m.params} | ${fl} (measured) | - / ${kib(m.peakBytes)} | - | - / ${kib(m.savedBytes)} | ${(m.stepSeconds * 1e3).toFixed(1)} |`,
      );
      continue;
    }
    const p = r.predicted;
    const params = r.errors.paramsEqual ? `${m.params} (equal)` : `${p.params} / ${m.params}`;
    const flops = r.errors.flopsExact ? `${fl} (equal)` : `${fl} (pred ${p.flops.forward}/${p.flops.inputGrad}/${p.flops.weightGrad}/${p.flops.recompute})`;
    lines.push(
      `| ${r.name} | ${recipe} | ${params} | ${flops} | ${kib(p.peakBytes)} / ${kib(m.peakBytes)} (${relativeError(r.errors.peakBytes, 2)}) | ${p.peakEvent} | ${kib(p.savedBytes)} / ${kib(m.savedBytes)} (${relativeError(r.errors.savedBytes, 2)}) | ${(m.stepSeconds * 1e3).toFixed(1)} |`,
    );
  }
  for (const f of run.failed) lines.push(`| ${f.name} | failed: ${f.error.replace(/\|/g, '\\|')} | | | | | | |`);
  return lines;
}
