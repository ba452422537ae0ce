import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests that need more than this process, left out of `npm run test:unit` (the inner loop) and run by `npm test`.
 * Everything else drives the engine, the dashboard and the CLI (main(argv, io)) in process and needs no build.
 */
const SYSTEM = [
  // the built binary and the package (test/e2e/build-once.ts builds dist/ first)
  'test/e2e/**/*.test.ts',
  // a terminal: segplan dash under tmux
  'test/dash/tmux.test.ts',
  // a browser: the HTML report in headless Chromium
  'test/cli/report.test.ts',
  // every committed study report regenerated (minutes) and opened in Chromium
  'test/report/studies.test.ts',
  // real training steps measured against the plan: TensorFlow.js (cpu, wasm) and PyTorch
  'test/validate/quick.test.ts',
  'test/validate/wasm.test.ts',
  'test/validate/cli.test.ts',
  'test/validate/torch/quick.test.ts',
  'test/validate/torch/cli.test.ts',
  'test/validate/torch/snapshot.test.ts',
  // the calibration microbenchmarks (harness/calibrate.py) on the CPU
  'test/time/calibrate-harness.test.ts',
  // PyTorch run on the CPU to check a fact segplan holds: autocast's dtypes, each op's kernel bytes, the harness's
  // refusal of fused AdamW
  'test/precision/amp-torch.test.ts',
  'test/time/kernel-traffic.test.ts',
  'test/validate/torch/fused-adamw-harness.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // processes, not threads: the in-process CLI changes the working folder (process.chdir), which worker threads forbid
    pool: 'forks',
    // every core (vitest's default leaves one to its main process, which mostly waits: one worker on two cores)
    maxWorkers: availableParallelism(),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, ...SYSTEM],
          // one process per worker for all its files, not one per file: half the CPU time of the unit tests. They
          // leave no process state behind (test/cli/run.ts restores the working folder, environment and exit code).
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'system',
          include: SYSTEM,
          globalSetup: ['test/e2e/build-once.ts'],
          // after the unit tests and one file at a time: PyTorch, Chromium and TensorFlow.js each take every core,
          // and side by side they run past their timeouts on a shared machine
          sequence: { groupOrder: 1 },
          maxWorkers: 1,
        },
      },
    ],
  },
});
