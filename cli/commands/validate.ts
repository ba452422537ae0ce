// segplan validate: run real training steps on TensorFlow.js or PyTorch and compare them with the engine's
// prediction (src/validate; how measurement works: docs/validation.md). tfjs is imported only by this command;
// PyTorch runs in a child process (harness/torch_harness.py, cli/commands/validate-torch.ts).
import { UserError } from '../../src/errors.js';
import type { Command } from '../command.js';
import { atomicWriter, refuseExisting } from '../atomic-write.js';
import { renderTable } from '../format/terminal-table.js';
import { note, print, progress, progressDone } from '../out.js';
import { relativeError } from '../../src/words.js';
import { kib } from '../../src/report/units.js';

/** what `--report` writes (src/validate/report.ts) */
export const VALIDATION_REPORT_FILES = ['reports/validation.md', 'reports/validation.json'] as const;

export const command: Command = {
  spec: {
    name: 'validate',
    summary: 'Run real training steps on TensorFlow.js or PyTorch and compare FLOPs, memory and time with the prediction.',
    positionals: [],
    flags: [
      {
        name: 'backend',
        kind: 'string',
        default: 'cpu',
        choices: ['cpu', 'wasm', 'tensorflow', 'tensorflow-gpu', 'torch', 'torch-cuda'],
        help: 'TensorFlow.js backend (tensorflow/-gpu need @tensorflow/tfjs-node(-gpu)), or PyTorch on the CPU (torch) or a GPU (torch-cuda)',
      },
      { name: 'python', kind: 'string', value: 'PATH', help: 'Python interpreter with PyTorch for torch backends (default: $SEGPLAN_PYTHON, then python3)' },
      {
        name: 'export',
        kind: 'string',
        value: 'FILE',
        help: 'torch backends: write the cases as JSON for harness/torch_harness.py and stop (run it where PyTorch is)',
      },
      {
        name: 'import',
        kind: 'string',
        value: 'FILE',
        help: "read the harness's measurements (python3 harness/torch_harness.py cases.json > FILE) and compare",
      },
      {
        name: 'calibration',
        kind: 'string',
        value: 'FILE',
        help: "torch-cuda: also plan each timed case's step time with this calibration (harness/calibrate.py on the same GPU)",
      },
      { name: 'force', kind: 'boolean', default: false, help: 'replace an existing --export file or --report files' },
      {
        name: 'suite',
        kind: 'string',
        default: 'quick',
        choices: ['quick', 'full', 'gpu', 'published'],
        help: 'validation suite: quick (tiny models, seconds), full (larger), gpu (torch-cuda only: training steps of realistic size on one GPU, for step time), or published (planned throughput against published training runs; no backend runs)',
      },
      { name: 'case', kind: 'string', value: 'NAME', help: 'run only the cases whose name contains NAME (e.g. resnet-cifar/e2e)' },
      {
        name: 'json',
        kind: 'boolean',
        default: false,
        help: 'print the cases as JSON (predicted and measured: flops by phase, peakBytes, savedBytes, stepSeconds)',
      },
      { name: 'report', kind: 'boolean', default: false, help: "write reports/validation.md and reports/validation.json (keeping other backends' sections)" },
    ],
    notes: ['--report never replaces an existing report without --force; both files are written atomically.'],
  },
  async run(args) {
    if (args.flags.suite === 'published') return (await import('./validate-published.js')).runPublishedSuite(args);
    const backendFlag = args.flags.backend as string;
    // refused before the (slow) run, not after it
    if (args.flags.report === true) await refuseExisting([...VALIDATION_REPORT_FILES], args.flags.force === true);
    if (args.flags.suite === 'gpu' && backendFlag !== 'torch-cuda' && typeof args.flags.import !== 'string') {
      throw new UserError(
        '--suite gpu runs training steps of realistic size on a GPU: use it with --backend torch-cuda (or --export the cases to a GPU machine)',
      );
    }
    if (backendFlag.startsWith('torch') || typeof args.flags.import === 'string') {
      return (await import('./validate-torch.js')).runTorch(args);
    }
    if (typeof args.flags.export === 'string') throw new UserError('--export writes PyTorch cases: use it with --backend torch or torch-cuda');
    const { runValidation } = await import('../../src/validate/run.js');
    const backend = backendFlag as 'cpu' | 'wasm' | 'tensorflow' | 'tensorflow-gpu';
    const suite = args.flags.suite as 'quick' | 'full';
    const caseName = typeof args.flags.case === 'string' ? args.flags.case : undefined;
    const results = await runValidation({
      backend,
      suite,
      caseName,
      onProgress: ({ done, total, name }) => (done < total ? progress(`validate ${done + 1}/${total} ${name}`) : progressDone()),
    });
    if (results.length === 0) throw new UserError(`no ${suite} case matches --case ${JSON.stringify(caseName)}`);
    if (args.flags.report === true) {
      const { writeReport } = await import('../../src/validate/report.js');
      const w = writeReport(results, 'reports', atomicWriter(args.flags.force === true));
      note(`wrote ${w.md} and ${w.json}`);
    }
    if (args.flags.json === true) {
      const pick = (x: { flops: object; peakBytes: number; savedBytes: number; stepSeconds: number }) => ({
        flops: x.flops,
        peakBytes: x.peakBytes,
        savedBytes: x.savedBytes,
        stepSeconds: x.stepSeconds,
      });
      const cases = results.map((r) => ({
        name: r.name,
        backend: r.backend,
        roles: r.roles,
        checkpoint: r.checkpoint,
        microBatch: r.microBatch,
        predicted: pick(r.predicted),
        measured: { ...pick(r.measured), leakedTensors: r.measured.leakedTensors, kernels: r.measured.kernels },
        errors: r.errors,
      }));
      print(JSON.stringify({ backend, suite, cases }, null, 2));
      return 0;
    }
    print(
      renderTable({
        title: `Validation on TensorFlow.js (${backend}, ${suite} suite)`,
        columns: [
          { header: 'case' },
          { header: 'FLOPs' },
          { header: 'peak KiB pred/meas', align: 'right' },
          { header: 'err', align: 'right' },
          { header: 'saved KiB pred/meas', align: 'right' },
          { header: 'err', align: 'right' },
          { header: 'step ms pred/meas', align: 'right' },
          { header: 'err', align: 'right' },
        ],
        rows: results.map((r) => [
          r.name,
          r.errors.flopsExact ? 'equal' : 'DIFFER',
          `${kib(r.predicted.peakBytes)} / ${kib(r.measured.peakBytes)}`,
          relativeError(r.errors.peakBytes),
          `${kib(r.predicted.savedBytes)} / ${kib(r.measured.savedBytes)}`,
          relativeError(r.errors.savedBytes),
          `${(r.predicted.stepSeconds * 1e3).toFixed(1)} / ${(r.measured.stepSeconds * 1e3).toFixed(1)}`,
          relativeError(r.errors.stepSeconds),
        ]),
        notes: ['FLOPs: contraction FLOPs per phase, predicted = measured. Memory: physical bytes of distinct tfjs buffers.'],
      }),
    );
    return 0;
  },
};
