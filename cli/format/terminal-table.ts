// A Table in a terminal: aligned columns, colour only where color() allows it.
import type { Align, Table } from '../../src/report/table.js';
import { color } from '../color.js';

// visible width, ignoring colour codes
function width(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}

function pad(s: string, w: number, align: Align): string {
  const gap = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'right' ? gap + s : s + gap;
}

export function renderTable(t: Table): string {
  const c = color();
  const widths = t.columns.map((col, i) => Math.max(width(col.header), ...t.rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i]!, t.columns[i]!.align ?? 'left'))
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  if (t.title) out.push(c.bold(t.title));
  out.push(c.dim(line(t.columns.map((col) => col.header))));
  t.rows.forEach((row, i) => {
    const text = line(row);
    out.push(t.warnRows?.has(i) ? c.red(text) : t.markRows?.has(i) ? c.cyan(text) : text);
  });
  for (const n of t.notes ?? []) out.push(c.dim(n));
  return `${out.join('\n')}\n`;
}
