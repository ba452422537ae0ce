// A progress bar of `done` out of `total` steps, e.g. "[██████······]  5/12".
import type { Line } from './line.js';

export function progressLine(done: number, total: number, width: number): Line {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return [
    { text: '[' },
    { text: '█'.repeat(filled), colour: 'green' },
    { text: `${'·'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total}` },
  ];
}
