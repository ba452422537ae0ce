// Runs the tfjs validation quick suite on the cpu backend for the validation view. The suite's cases are
// the validation module's own (suiteCases, calibrate, runCase; runValidation runs the same steps in one
// synchronous loop); here the loop gives the event loop a turn between cases, so that the progress bar
// repaints and keys (esc, q) are read while the suite runs. tfjs loads only when the view is opened.
import { toValidationRow, type ValidationRow } from './validation-rows.js';

export interface Progress {
  done: number;
  total: number;
  current: string;
}

export type ValidationRunner = (onProgress: (p: Progress) => void, shouldStop: () => boolean) => Promise<ValidationRow[]>;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export const runQuickSuite: ValidationRunner = async (onProgress, shouldStop) => {
  const [{ useBackend }, { suiteCases }, { calibrate }, { runCase }] = await Promise.all([
    import('../validate/backend.js'),
    import('../validate/suite.js'),
    import('../validate/measure/calibrate.js'),
    import('../validate/run.js'),
  ]);
  const tf = await useBackend('cpu');
  const cases = suiteCases('quick');
  onProgress({ done: 0, total: cases.length, current: 'calibrating the cpu backend' });
  await turn();
  const cal = calibrate(tf);
  const rows: ValidationRow[] = [];
  for (const [i, c] of cases.entries()) {
    if (shouldStop()) break;
    onProgress({ done: i, total: cases.length, current: c.name });
    await turn();
    rows.push(toValidationRow(runCase(tf, 'cpu', c, cal)));
  }
  onProgress({ done: rows.length, total: cases.length, current: '' });
  return rows;
};
