// A table as data: title, columns, rows of display strings. The terminal, Markdown and HTML writers all take
// this one shape, so every output format shows the same columns.

export type Align = 'left' | 'right';

export interface Table {
  title?: string;
  columns: Array<{ header: string; align?: Align }>;
  rows: string[][];
  /** rows to emphasise (e.g. a plan that does not fit), by index */
  warnRows?: Set<number>;
  /** rows to highlight (e.g. the binding stage, a frontier point), by index */
  markRows?: Set<number>;
  /** lines shown under the table */
  notes?: string[];
}
