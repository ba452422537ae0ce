// `segplan validate --backend torch | torch-cuda`: the suite's cases measured by the PyTorch harness and
// compared with the engine's predictions; also the two halves of a run on a machine without Node (export
// the cases, import the measurements).

import { UserError } from '../../errors.js';
import type { Calibration } from '../../time/calibration.js';
import { selectByName } from '../relative.js';
import { compareTorchCase, type TorchCaseResult, type TorchEnvironment } from './compare.js';
import { type CasesFile, HARNESS_PROTOCOL, type MeasuredFile, parseMeasured, runHarness } from './harness.js';
export { parseMeasured } from './harness.js';
import type { TorchDevice } from './profile.js';
import { type TorchCase, type TorchSuiteName, torchSuiteCases } from './suite.js';

export type TorchBackend = 'torch' | 'torch-cuda';

export interface TorchRun {
  environment: TorchEnvironment;
  results: TorchCaseResult[];
  /** cases the harness could not run, with its reason */
  failed: { name: string; error: string }[];
  /** the calibration the planned step times were also given with */
  calibration?: { gpu: string; date: string };
}

export function deviceOf(backend: TorchBackend): TorchDevice {
  return backend === 'torch-cuda' ? 'cuda' : 'cpu';
}

export function selectCases(suite: TorchSuiteName, caseName?: string, device: TorchDevice = 'cpu'): TorchCase[] {
  const chosen = selectByName(torchSuiteCases(suite, device), caseName);
  if (chosen.length === 0) throw new UserError(`no ${suite} case matches --case ${JSON.stringify(caseName)}`);
  return chosen;
}

export function casesFile(backend: TorchBackend, cases: TorchCase[]): CasesFile {
  return { protocol: HARNESS_PROTOCOL, device: deviceOf(backend), cases };
}

/** Predicted vs measured for every case of a measurements file (`calibration`: measured on the same GPU). */
export function compareMeasured(m: MeasuredFile, calibration?: Calibration): TorchRun {
  const results: TorchCaseResult[] = [];
  const failed: TorchRun['failed'] = [];
  for (const r of m.results) {
    if ('error' in r) failed.push({ name: r.name, error: r.error });
    else results.push(compareTorchCase(r.case, r.measured, m.environment, calibration));
  }
  return { environment: m.environment, results, failed, ...(calibration && { calibration: { gpu: calibration.gpu, date: calibration.date } }) };
}

export async function runTorchValidation(opts: {
  backend: TorchBackend;
  suite: TorchSuiteName;
  caseName?: string;
  python: string;
  onProgress?: (e: { done: number; total: number; name: string }) => void;
  /** measured on the GPU the harness runs on (checkCalibration refuses another) */
  calibration?: Calibration;
  checkCalibration?: (env: TorchEnvironment) => void;
}): Promise<TorchRun> {
  const cases = selectCases(opts.suite, opts.caseName, deviceOf(opts.backend));
  const measured = await runHarness(opts.python, casesFile(opts.backend, cases), (done, total, name) => opts.onProgress?.({ done, total, name }));
  opts.onProgress?.({ done: cases.length, total: cases.length, name: '' });
  opts.checkCalibration?.(measured.environment);
  return compareMeasured(measured, opts.calibration);
}

export function importMeasured(text: string, source: string, calibration?: Calibration): TorchRun {
  return compareMeasured(parseMeasured(text, source), calibration);
}
