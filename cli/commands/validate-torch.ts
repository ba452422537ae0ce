// `segplan validate --backend torch | torch-cuda`, `--export`, `--import`: the PyTorch half of validate.
import { readFileSync } from 'node:fs';
import { UserError } from '../../src/errors.js';
import type { TorchRun } from '../../src/validate/torch/run.js';
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
  let run: TorchRun;
  if (typeof args.flags.import === 'string') {
    run = torch.importMeasured(readImport(args.flags.import), args.flags.import);
  } else {
    const { pythonFor } = await import('../../src/validate/torch/harness.js');
    run = await torch.runTorchValidation({
      backend,
      suite,
      caseName,
      python: pythonFor(typeof args.flags.python === 'string' ? args.flags.python : undefined),
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
            return [r.name, String(m.params), 'measured', `- / ${kib(m.peakBytes)}`, '', `- / ${kib(m.savedBytes)}`, '', '', ''];
          }
          return [
            r.name,
            r.errors.paramsEqual ? 'equal' : 'DIFFER',
            r.errors.flopsExact ? 'equal' : 'DIFFER',
            `${kib(r.predicted.peakBytes)} / ${kib(m.peakBytes)}`,
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
        'FLOPs: contraction FLOPs per phase, predicted = measured. Peak: live bytes over the step from the allocator; saved: unique storages kept for backward.',
        "Opt step: bytes opt.step() allocates beyond what is live when it starts (foreach AdamW's sqrt(v) list, the loop's per-tensor temporaries).",
        'Rows without a prediction ran a recipe the engine does not plan yet: measured only.',
      ],
    }),
  );
  return run.failed.length > 0 ? 1 : 0;
}
