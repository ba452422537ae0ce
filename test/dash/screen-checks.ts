// What every dashboard screen must be, whatever the terminal's size: checked on the frame ink wrote.
import stringWidth from 'string-width';
import { KNOBS } from '../../src/dash/knobs.js';

/** whitespace runs as one space: a message wrapped over lines reads the same as on one line */
export const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** problems of a dashboard frame at columns × rows; [] when there are none */
export function dashboardProblems(frame: string, columns: number, rows: number): string[] {
  const lines = frame.split('\n');
  const problems = frameProblems(lines, columns, rows);
  if (!lines[0]?.startsWith('segplan dash · ')) problems.push(`the first line is not the title: ${JSON.stringify(lines[0])}`);
  if (!/^←→ knob ↑↓ value/.test(lines[lines.length - 1] ?? '')) problems.push(`the last line is not the keys: ${JSON.stringify(lines[lines.length - 1])}`);
  // the knobs follow the title (the first knob is the selected one, in brackets, on a fresh screen)
  if (!lines[1]?.startsWith('[')) problems.push(`the second line is not the knobs: ${JSON.stringify(lines[1])}`);
  // the SegProp stage panel: every stage is a row or counted in "… N more"
  const stages = /SegProp stages \((\d+)\)/.exec(frame);
  if (stages) {
    const rowsShown = lines.filter((l) => /^s\d+ /.test(l)).length;
    const more = Number(/^… (\d+) more/m.exec(frame)?.[1] ?? 0);
    if (rowsShown + more !== Number(stages[1])) problems.push(`stage panel: ${rowsShown} rows + ${more} more ≠ ${String(stages[1])} stages`);
  }
  return problems;
}

/** no line wider than the terminal, no more lines than rows − 1, no blank line */
export function frameProblems(lines: readonly string[], columns: number, rows: number): string[] {
  const problems: string[] = [];
  if (lines.length > rows - 1) problems.push(`${lines.length} lines on a ${rows}-row terminal (at most ${rows - 1})`);
  lines.forEach((l, i) => {
    if (stringWidth(l) > columns) problems.push(`line ${i + 1} is ${stringWidth(l)} cells wide: ${l}`);
    if (l.trim() === '') problems.push(`line ${i + 1} is blank`);
  });
  return problems;
}

/** the help overlay: every knob's key and help in full, nothing cut */
export function helpProblems(frame: string, columns: number, rows: number): string[] {
  const lines = frame.split('\n');
  const problems = frameProblems(lines, columns, rows);
  if (lines[0] !== 'segplan dash · keys') problems.push(`the first line is not the help's title: ${JSON.stringify(lines[0])}`);
  if (frame.includes('…')) problems.push('a help line is cut off (…)');
  const text = collapse(frame);
  for (const k of KNOBS) if (!text.includes(collapse(k.help))) problems.push(`help of ${k.id} missing: ${k.help}`);
  for (const must of ['winner: feasible with the largest max micro-batch (tie: higher tokens/s)', 'GiB = 2^30 bytes', 'q quit']) {
    if (!text.includes(must)) problems.push(`missing: ${must}`);
  }
  return problems;
}
