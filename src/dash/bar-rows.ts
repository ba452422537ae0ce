// Rows of "name  bar  value": the value texts are measured first, so that every bar of a panel gets the same
// width and the row ends exactly at the terminal's edge.
import { cells, fit, type Line, type Piece } from './line.js';
import type { Role } from './theme.js';

export interface BarRow {
  name: string;
  /** the bar for a given width */
  bar: (width: number) => Piece[];
  value: string;
  valueRole?: Role;
}

export function barRowLines(rows: readonly BarRow[], nameWidth: number, columns: number): Line[] {
  const valueWidth = Math.max(0, ...rows.map((r) => cells(r.value)));
  const barWidth = Math.max(1, columns - nameWidth - valueWidth);
  return rows.map((r) => [
    { text: `${fit(r.name, nameWidth - 1)} ` },
    ...r.bar(barWidth),
    r.valueRole ? { text: fit(r.value, valueWidth), role: r.valueRole } : { text: fit(r.value, valueWidth) },
  ]);
}
