// How much the dashboard shows for a terminal size. The frame stays at most rows−1 lines (ink redraws the
// whole screen when a frame is as tall as the terminal); at 80×24 the table, the memory panel and the
// footer fit, and Tab swaps the memory panel for the SegProp stages. Taller terminals show both.
export interface Layout {
  columns: number;
  rows: number;
  /** narrow: short labels, knob values without names */
  narrow: boolean;
  /** show the MFU and binding-event rows */
  detailRows: boolean;
  /** tall enough for the memory panel and the SegProp stage panel at once */
  bothPanels: boolean;
  /** lines the SegProp stage panel may use for stages (incl. its "more" line) */
  stageRows: number;
  /** width of the label column of the strategy table and the bar panels */
  labelWidth: number;
}

export const FOOTER_LINES = 2;

export function layoutFor(columns: number, rows: number, knobLines: number, strategies: number): Layout {
  const narrow = columns < 72;
  const detailRows = !narrow && rows >= 22;
  const table = 1 + 7 + (detailRows ? 2 : 0); // title, status + 6 values, MFU + binding
  const available = rows - 1 - (1 + knobLines + table + FOOTER_LINES);
  const memory = 1 + strategies + (columns >= 78 || narrow ? 1 : 2); // title, bars, legend
  const bothPanels = available >= memory + 3;
  const stageRows = Math.max(1, available - (bothPanels ? memory : 0) - 1);
  return { columns, rows, narrow, detailRows, bothPanels, stageRows, labelWidth: narrow ? 8 : 15 };
}
