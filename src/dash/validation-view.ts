// The validation view (v): the tfjs quick suite on the cpu backend, with a progress bar while it runs and
// the engine's predictions next to the measurements when it is done. Rows past the screen's height are cut.
import { mib, relError, seconds } from './format.js';
import { clip, fit, type Line, wrapWords } from './line.js';
import { progressLine } from './progress-bar.js';
import type { ValidationState } from './state.js';

export function validationLines(v: ValidationState, columns: number, rows: number): Line[] {
  const wide = columns >= 96;
  const lines: Line[] = [
    [{ text: clip('validation · tfjs quick suite, cpu backend', columns), role: 'title' }],
    [{ text: clip('predicted (engine) vs measured (one tfjs training step); peak in MiB, error = (pred − meas) / meas', columns), role: 'muted' }],
  ];
  const end: Line = [
    { text: clip(v.status === 'running' ? 'esc back (the suite keeps running) · q quit' : 'esc back · r run again · q quit', columns), role: 'muted' },
  ];
  const room = Math.max(1, rows - 1 - lines.length - 1);
  const body: Line[] = [];
  if (v.status === 'idle') body.push([{ text: 'not started' }]);
  if (v.status === 'running') {
    body.push(progressLine(v.done, v.total, Math.max(10, Math.min(40, columns - 12))));
    body.push([{ text: clip(v.current === '' ? 'finishing' : `running ${v.current}`, columns) }]);
  }
  if (v.status === 'failed') {
    for (const t of wrapWords(`validation failed: ${v.message}`, columns)) body.push([{ text: t, role: 'bad' }]);
  }
  if (v.status === 'done') {
    const step = wide ? `${'step pred'.padStart(11)}${'meas'.padStart(10)}${'err'.padStart(9)}` : '';
    body.push([
      { text: clip(`${'case'.padEnd(26)}${'peak pred'.padStart(10)}${'meas'.padStart(8)}${'err'.padStart(8)}${step} FLOPs`, columns), role: 'heading' },
    ]);
    for (const r of v.rows) {
      const steps = wide
        ? `${seconds(r.predictedStepSeconds).padStart(11)}${seconds(r.measuredStepSeconds).padStart(10)}${relError(r.stepError).padStart(9)}`
        : '';
      body.push([
        {
          text: `${fit(r.name, 25)} ${mib(r.predictedPeakBytes).padStart(10)}${mib(r.measuredPeakBytes).padStart(8)}${relError(r.peakError).padStart(8)}${steps}`,
        },
        { text: r.flopsExact ? ' exact' : ' differ', role: r.flopsExact ? 'good' : 'bad' },
      ]);
    }
  }
  return [...lines, ...body.slice(0, room), end];
}
