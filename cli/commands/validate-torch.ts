// `segplan validate --backend torch | torch-cuda`, `--export`, `--import`: the PyTorch half of validate.
import { readFileSync } from 'node:fs';
import { UserError } from '../../src/errors.js';
import type { TorchRun } from '../../src/validate/torch/run.js';
import { type TorchEnvironment, tensorPeakBytes } from '../../src/validate/torch/compare.js';
import type { Calibration } from '../../src/time/calibration.js';
import { gpuByDeviceName } from '../../src/hardware/lookup.js';
import type { TorchSuiteName } from '../../src/validate/torch/suite.js';
import type { Parsed } from '../args.js';
import { renderTable } from '../format/terminal-table.js';
import { note, print, progress, progressDone } from '../out.js';
import { relativeError } from '../../src/words.js';
import { kib } from '../../src/report/units.js';

function readImport(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** A calibration file, and the check that the measurements it joins were made on the GPU it was measured on. */
async function calibrationFor(file: string): Promise<{ calibration: Calibration; check: (env: TorchEnvironment) => void }> {
  const { loadCalibration, calibrationProblem } = await import('../calibration-file.js');
  const calibration = await loadCalibration(file);
  return {
    calibration,
    check(env) {
      const gpu = env.gpu === undefined ? undefined : gpuByDeviceName(env.gpu);
      if (gpu === undefined) {
        throw new UserError(
          `${file}: the measurements ran on ${env.gpu ?? env.device}, which no catalog GPU names (deviceName): a calibration needs the GPU's catalog entry`,
        );
      }
      const problem = calibrationProblem(calibration, gpu, file);
      if (problem) throw problem;
    },
  };
}

export async function runTorch(args: Parsed): Promise<number> {
  const torch = await import('../../src/validate/torch/run.js');
  const backend = args.flags.backend === 'torch-cuda' ? 'torch-cuda' : 'torch';
  const suite = args.flags.suite as TorchSuiteName;
  const caseName = typeof args.flags.case === 'string' ? args.flags.case : undefined;
  if (typeof args.flags.export === 'string') {
    const { writeFileAtomic } = await import('../atomic-write.js');
    const file = torch.casesFile(backend, torch.selectCases(suite, caseName, torch.deviceOf(backend)));
    writeFileAtomic(args.flags.export, JSON.stringify(file, null, 1) + '\n', args.flags.force === true);
    note(`wrote ${file.cases.length} cases to ${args.flags.export}; measure them with: python3 harness/torch_harness.py ${args.flags.export} > measured.json`);
    return 0;
  }
  const calibration = typeof args.flags.calibration === 'string' ? await calibrationFor(args.flags.calibration) : undefined;
  let run: TorchRun;
  if (typeof args.flags.import === 'string') {
    const measured = torch.parseMeasured(readImport(args.flags.import), args.flags.import);
    calibration?.check(measured.environment);
    run = torch.compareMeasured(measured, calibration?.calibration);
  } else {
    const { pythonFor } = await import('../../src/validate/torch/harness.js');
    run = await torch.runTorchValidation({
      backend,
      suite,
      caseName,
      python: pythonFor(typeof args.flags.python === 'string' ? args.flags.python : undefined),
      ...(calibration && { calibration: calibration.calibration, checkCalibration: calibration.check }),
      onProgress: ({ done, total, name }) => (done < total ? progress(`validate ${done + 1}/${total} ${name}`) : progressDone()),
    });
  }
  if (args.flags.report === true) {
    const { writeTorchReport } = await import('../../src/validate/report.js');
    const { atomicWriter } = await import('../atomic-write.js');
    const w = writeTorchReport(run, 'reports', atomicWriter(args.flags.force === true));
    note(`wrote ${w.md} and ${w.json}`);
  }
  if (args.flags.json === true) {
    print(
      JSON.stringify({ backend: run.results[0]?.backend ?? backend, suite, environment: run.environment, cases: run.results, failed: run.failed }, null, 2),
    );
    return 0;
  }
  const env = run.environment;
  print(
    renderTable({
      title: `Validation on PyTorch ${env.torch} (${env.device}${env.gpu ? `, ${env.gpu}` : ''}, ${run.results.length} cases)`,
      columns: [
        { header: 'case' },
        { header: 'params' },
        { header: 'FLOPs' },
        { header: 'peak KiB pred/meas', align: 'right' },
        { header: 'err', align: 'right' },
        { header: 'saved KiB pred/meas', align: 'right' },
        { header: 'err', align: 'right' },
        { header: 'opt step KiB pred/meas', align: 'right' },
        { header: 'err', align: 'right' },
      ],
      rows: [
        ...run.results.map((r) => {
          const m = r.measured;
          if (!r.predicted || !r.errors) {
            return [r.name, String(m.params), 'measured', `- / ${kib(tensorPeakBytes(m))}`, '', `- / ${kib(m.savedBytes)}`, '', '', ''];
          }
          return [
            r.name,
            r.errors.paramsEqual ? 'equal' : 'DIFFER',
            r.errors.flopsExact ? 'equal' : 'DIFFER',
            `${kib(r.predicted.peakBytes)} / ${kib(tensorPeakBytes(m))}`,
            relativeError(r.errors.peakBytes),
            `${kib(r.predicted.savedBytes)} / ${kib(m.savedBytes)}`,
            relativeError(r.errors.savedBytes),
            ...(r.errors.optimizerStepTransient === null
              ? ['', '']
              : [`${kib(r.predicted.optimizerStepTransient)} / ${kib(m.optimizerStepTransient!)}`, relativeError(r.errors.optimizerStepTransient)]),
          ];
        }),
        ...run.failed.map((f) => [f.name, 'FAILED', f.error, '', '', '', '', '', '']),
      ],
      notes: [
        'FLOPs: contraction FLOPs per phase, predicted = measured. Peak: live bytes over the step from the allocator (CUDA: less the cuBLAS workspaces it held at the start); saved: unique storages kept for backward.',
        "Opt step: bytes opt.step() allocates beyond what is live when it starts (foreach AdamW's sqrt(v) list, the loop's per-tensor temporaries).",
        'Rows without a prediction ran a recipe the engine does not plan yet: measured only.',
      ],
    }),
  );
  const { stepTimeTable } = await import('../../src/validate/torch/report.js');
  const steps = stepTimeTable(run);
  if (steps) print(renderTable(steps));
  return run.failed.length > 0 ? 1 : 0;
}
