// The PyTorch section of reports/validation.md: one row per case, predicted vs measured with the errors,
// the environment that measured it, and the summary the suite is judged by (worst and mean error).
import type { TorchRun } from './run.js';
import { runtimeAllocatedBytes, tensorPeakBytes } from './compare.js';
import { percent, relativeError } from '../../words.js';
import { kib } from '../../report/units.js';
import { KERNEL_CLASSES, type KernelSeconds } from '../../time/kernel-rates.js';

/** an absolute error (no sign) */
const abs = (x: number) => percent(x, 2);

/** The worst and the mean of relative errors' absolute values (0 for none). */
function absoluteErrors(errors: readonly number[]): { worst: number; mean: number } {
  const a = errors.map(Math.abs);
  return { worst: Math.max(0, ...a), mean: a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0 };
}

/** seconds as milliseconds, one decimal */
export const ms = (seconds: number) => (seconds * 1e3).toFixed(1);

/** Worst and mean absolute relative error of the predicted cases. */
export function torchErrorSummary(run: TorchRun): {
  cases: number;
  peakWorst: number;
  peakMean: number;
  savedWorst: number;
  savedMean: number;
  flopsEqual: number;
} {
  const errors = run.results.flatMap((r) => (r.errors ? [r.errors] : []));
  const peak = absoluteErrors(errors.map((e) => e.peakBytes));
  const saved = absoluteErrors(errors.map((e) => e.savedBytes));
  return {
    cases: errors.length,
    peakWorst: peak.worst,
    peakMean: peak.mean,
    savedWorst: saved.worst,
    savedMean: saved.mean,
    flopsEqual: errors.filter((e) => e.flopsExact).length,
  };
}

/** CUDA: the range of the runtime's own allocations the measured peaks exclude (compare.ts runtimeAllocatedBytes). */
function runtimeNote(run: TorchRun): string {
  const bytes = run.results.map((r) => runtimeAllocatedBytes(r.measured)).filter((b) => b > 0);
  if (bytes.length === 0) return '';
  const mib = (b: number) => (b / 2 ** 20).toFixed(1);
  return `, less what the runtime itself held in the caching allocator when the step started (cuBLAS and cuBLASLt workspaces: ${mib(Math.min(...bytes))} to ${mib(Math.max(...bytes))} MiB), which the engine does not plan`;
}

export function renderTorchSection(backend: string, run: TorchRun): string[] {
  const env = run.environment;
  const s = torchErrorSummary(run);
  const lines = [
    `## Backend ${backend} (PyTorch ${env.torch}${env.torchvision ? `, torchvision ${env.torchvision}` : ''}, ${env.device}${env.gpu ? ` ${env.gpu}` : ''}, ${env.threads} threads)`,
    '',
    `${s.cases} predicted cases: peak within ${abs(s.peakWorst)} (mean absolute error ${abs(s.peakMean)}), saved-for-backward within ${abs(s.savedWorst)} (mean ${abs(s.savedMean)}), contraction FLOPs equal in ${s.flopsEqual} of ${s.cases}. Measured: peak of live bytes over one step (forward, backward, optimizer step) from the allocator${runtimeNote(run)}; saved: unique storages autograd keeps for backward (parameters and batch excluded). Rows marked "measured" ran a recipe the engine does not plan yet.`,
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
        `| ${r.name} | ${recipe} | ${m.params} | ${fl} (measured) | - / ${kib(tensorPeakBytes(m))} | - | - / ${kib(m.savedBytes)} | ${(m.stepSeconds * 1e3).toFixed(1)} |`,
      );
      continue;
    }
    const p = r.predicted;
    const params = r.errors.paramsEqual ? `${m.params} (equal)` : `${p.params} / ${m.params}`;
    const flops = r.errors.flopsExact ? `${fl} (equal)` : `${fl} (pred ${p.flops.forward}/${p.flops.inputGrad}/${p.flops.weightGrad}/${p.flops.recompute})`;
    lines.push(
      `| ${r.name} | ${recipe} | ${params} | ${flops} | ${kib(p.peakBytes)} / ${kib(tensorPeakBytes(m))} (${relativeError(r.errors.peakBytes, 2)}) | ${p.peakEvent} | ${kib(p.savedBytes)} / ${kib(m.savedBytes)} (${relativeError(r.errors.savedBytes, 2)}) | ${(m.stepSeconds * 1e3).toFixed(1)} |`,
    );
  }
  for (const f of run.failed) lines.push(`| ${f.name} | failed: ${f.error.replace(/\|/g, '\\|')} | | | | | | |`);
  return [...lines, ...renderStepTimes(run)];
}

/** Worst and mean absolute error of the planned step times (default figures, and with the calibration). */
export function stepTimeSummary(run: TorchRun): {
  cases: number;
  plannedMean: number;
  plannedWorst: number;
  calibratedMean: number | null;
  calibratedWorst: number | null;
} {
  const timed = run.results.flatMap((r) => (r.stepTime ? [r.stepTime] : []));
  const planned = absoluteErrors(timed.map((t) => t.errors.planned));
  const cal = timed.flatMap((t) => (t.errors.calibrated === null ? [] : [t.errors.calibrated]));
  const calibrated = cal.length ? absoluteErrors(cal) : null;
  return {
    cases: timed.length,
    plannedMean: planned.mean,
    plannedWorst: planned.worst,
    calibratedMean: calibrated?.mean ?? null,
    calibratedWorst: calibrated?.worst ?? null,
  };
}

/** How many steps each case of a run was timed over, as the measurements say ("3-5" when they differ). */
export function stepsTimed(run: TorchRun): string {
  const counts = run.results.flatMap((r) => (r.stepTime ? [r.stepTime.steps] : []));
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

/** Kernel milliseconds by class, and the optimizer's, as the step-time table prints them. */
function byCategory(k: KernelSeconds, optimizer: number): string {
  return [...KERNEL_CLASSES.map((c) => ms(k[c])), ms(optimizer)].join(' / ');
}

/** The step-time table of a run timed over several steps on a catalog GPU (the gpu suite); none otherwise. */
function renderStepTimes(run: TorchRun): string[] {
  const timed = run.results.filter((r) => r.stepTime);
  if (timed.length === 0) return [];
  const s = stepTimeSummary(run);
  const first = timed[0]!.stepTime!; // timed is not empty
  const cal = run.calibration ? `the calibration of ${run.calibration.gpu} (${run.calibration.date})` : null;
  const lines = [
    '',
    `### Step time on one ${first.gpu}`,
    '',
    `${s.cases} cases, each the median of ${stepsTimed(run)} steps timed between synchronisations. Planned with the figures a plan uses by default, with the attention kernel each step's profile names (${first.planned.basis}): mean absolute error ${abs(s.plannedMean)}, worst ${abs(s.plannedWorst)}` +
      (cal && s.calibratedMean !== null && s.calibratedWorst !== null
        ? `; with ${cal}: mean ${abs(s.calibratedMean)}, worst ${abs(s.calibratedWorst)}.`
        : '.') +
      ' Kernels: the device time of one more step under torch.profiler, by kernel name (src/validate/torch/kernel-categories.ts); planned: the time model\'s kernel seconds by the same classes (before overlap; "other" is the memory-bound rest: norms, elementwise ops, the loss, casts).',
    '',
    `| case | measured ms | planned ms (err) | ${cal ? 'calibrated ms (err) | ' : ''}measured kernels ms: GEMM / attention / conv / other / optimizer | planned ms: GEMM / attention / conv / other / optimizer |`,
    `|---|---|---|${cal ? '---|' : ''}---|---|`,
  ];
  for (const r of timed) {
    const t = r.stepTime!; // filtered above
    const k = t.kernels ? byCategory(t.kernels, t.kernels.optimizer) : '-';
    const calibrated = cal
      ? t.calibrated && t.errors.calibrated !== null
        ? ` ${ms(t.calibrated.seconds)} (${relativeError(t.errors.calibrated, 0)}) |`
        : ' - |'
      : '';
    const p = t.calibrated ?? t.planned;
    // runs stored by an earlier segplan (reports/validation.json) have no planned kernel classes
    const plannedKernels = p.kernels as KernelSeconds | undefined;
    lines.push(
      `| ${r.name} | ${ms(t.measured)} | ${ms(t.planned.seconds)} (${relativeError(t.errors.planned, 0)}) |${calibrated} ${k} | ${plannedKernels ? byCategory(plannedKernels, p.optimizer) : '-'} |`,
    );
  }
  lines.push('', `Planned components: ${cal ? 'with the calibration' : 'the default figures'}.`);
  return lines;
}
