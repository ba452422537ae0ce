// The PyTorch section of reports/validation.md: one row per case, predicted vs measured with the errors,
// the environment that measured it, and the summary the suite is judged by (worst and mean error).
import type { TorchRun } from './run.js';
import { runtimeAllocatedBytes, tensorPeakBytes } from './compare.js';
import { percent, relativeError } from '../../words.js';
import { kib } from '../../report/units.js';
import { KERNEL_CLASS_HEADER, KERNEL_CLASSES, type KernelSeconds } from '../../time/kernel-rates.js';
import type { Table } from '../../report/table.js';
import { tableToMarkdown } from '../../report/markdown-table.js';

/** an absolute error (no sign) */
const abs = (x: number) => percent(x, 2);

/** The worst and the mean of relative errors' absolute values (0 for none). */
function absoluteErrors(errors: readonly number[]): { worst: number; mean: number } {
  const a = errors.map(Math.abs);
  return { worst: Math.max(0, ...a), mean: a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0 };
}

/** seconds as milliseconds, one decimal */
const ms = (seconds: number) => (seconds * 1e3).toFixed(1);

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
function stepsTimed(run: TorchRun): string {
  const counts = run.results.flatMap((r) => (r.stepTime ? [r.stepTime.steps] : []));
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

/**
 * The step time of each case timed over several steps on a catalog GPU (the gpu suite), measured beside planned with
 * the default figures and with the run's calibration, and each kernel class measured / planned (with the calibration
 * where given); undefined when no case was timed. The terminal and the report print this one table.
 */
export function stepTimeTable(run: TorchRun): Table | undefined {
  const timed = run.results.filter((r) => r.stepTime);
  if (timed.length === 0) return undefined;
  const cal = run.calibration;
  const right = { align: 'right' as const };
  return {
    title: `Step time on one ${timed[0]!.stepTime!.gpu} (median of ${stepsTimed(run)} steps)`, // timed is not empty
    columns: [
      { header: 'case' },
      { header: 'measured ms', ...right },
      { header: 'planned ms', ...right },
      { header: 'err', ...right },
      ...(cal
        ? [
            { header: 'calibrated ms', ...right },
            { header: 'err', ...right },
          ]
        : []),
      ...KERNEL_CLASSES.map((c) => ({ header: `${KERNEL_CLASS_HEADER[c]} ms`, ...right })),
      { header: 'optimizer ms', ...right },
    ],
    rows: timed.map((r) => {
      const t = r.stepTime!; // filtered above
      const p = t.calibrated ?? t.planned;
      // runs stored by an earlier segplan (reports/validation.json) have no planned kernel classes
      const planned = p.kernels as KernelSeconds | undefined;
      const measuredOf = (x: number | undefined) => (x === undefined ? '-' : ms(x));
      return [
        r.name,
        ms(t.measured),
        ms(t.planned.seconds),
        relativeError(t.errors.planned),
        ...(cal ? [t.calibrated ? ms(t.calibrated.seconds) : '-', t.errors.calibrated === null ? '-' : relativeError(t.errors.calibrated)] : []),
        ...KERNEL_CLASSES.map((c) => `${measuredOf(t.kernels?.[c])} / ${planned ? ms(planned[c]) : '-'}`),
        `${measuredOf(t.kernels?.optimizer)} / ${ms(p.optimizer)}`,
      ];
    }),
    notes: [
      'planned: the figures a plan uses by default (its basis names each source), with the attention kernel the step ran' +
        (cal ? `; calibrated: with the calibration of ${cal.gpu} (${cal.date})` : ''),
      `kernel classes and the optimizer: the profiled step's device time by kernel name (src/validate/torch/kernel-categories.ts) / the time model's seconds before overlap${cal ? ' (calibrated)' : ''}; other: the memory-bound rest (norms, elementwise ops, the loss, casts, copies)`,
    ],
  };
}

/** The step-time section of the report: the table above, with its summary and the basis of its figures. */
function renderStepTimes(run: TorchRun): string[] {
  const table = stepTimeTable(run);
  if (table?.title === undefined) return [];
  const s = stepTimeSummary(run);
  const first = run.results.find((r) => r.stepTime)!.stepTime!; // the table has a row
  const cal = run.calibration ? `the calibration of ${run.calibration.gpu} (${run.calibration.date})` : null;
  return [
    '',
    `### ${table.title}`,
    '',
    `${s.cases} cases, each timed between synchronisations. Planned with the figures a plan uses by default, with the attention kernel each step's profile names (${first.planned.basis}): mean absolute error ${abs(s.plannedMean)}, worst ${abs(s.plannedWorst)}` +
      (cal && s.calibratedMean !== null && s.calibratedWorst !== null ? `; with ${cal}: mean ${abs(s.calibratedMean)}, worst ${abs(s.calibratedWorst)}.` : '.'),
    '',
    tableToMarkdown({ ...table, title: undefined }),
  ];
}
