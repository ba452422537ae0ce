// How much the dashboard shows for a terminal size. The frame is at most rows−1 lines (ink redraws the whole
// screen when a frame is as tall as the terminal). Every panel's height is known before drawing (panels
// return their lines), so the rows are shared out in a stated order:
//   always:  the title, the knobs, the strategy table (title, feasibility, values), the engine's errors,
//            the footer;
//   then, when the memory panel and the SegProp stage panel both fit with the rest: both (the stage rows
//            get what is left and collapse to "… N more");
//   else one of them (Tab swaps): the memory panel's bars, then the MFU and binding rows, then its
//            legend; or the stage panel's title and first stage, then the MFU and binding rows, then more
//            stage rows.
// Widths: below 72 columns labels get short and knob names go; the legend shortens when it does not fit.
import type { Panel } from './state.js';

export interface Layout {
  columns: number;
  rows: number;
  /** narrow: short labels, knob values without names */
  narrow: boolean;
  /** show the MFU and binding-event rows */
  detailRows: boolean;
  /** width of the label column of the strategy table and the memory panel */
  labelWidth: number;
}

export function baseLayout(columns: number, rows: number): Layout {
  const narrow = columns < 72;
  return { columns, rows, narrow, detailRows: !narrow, labelWidth: narrow ? 8 : 15 };
}

/** the heights of the parts that compete for rows */
export interface Heights {
  /** title, knobs, table without detail rows, errors, footer */
  fixed: number;
  /** the MFU and binding rows (0: none to show) */
  detail: number;
  /** the memory panel's title and bars (0: nothing to draw) */
  memory: number;
  /** the stage panel's smallest useful height and its full height (title included) */
  stageMin: number;
  stageFull: number;
}

export interface Allotment {
  detailRows: boolean;
  memory: boolean;
  legend: boolean;
  /** lines for the SegProp stage panel, its title included; 0: not shown */
  stages: number;
  /** every lower panel there is to draw is on screen (Tab has nothing to swap) */
  bothPanels: boolean;
}

export function allot(budget: number, h: Heights, panel: Panel): Allotment {
  let left = budget - h.fixed;
  const take = (n: number): boolean => {
    if (n <= 0 || left < n) return false;
    left -= n;
    return true;
  };
  if (h.memory > 0 && left >= h.memory + 1 + h.detail + h.stageMin) {
    left -= h.memory + 1 + h.detail;
    return { detailRows: h.detail > 0, memory: true, legend: true, stages: Math.min(left, h.stageFull), bothPanels: true };
  }
  if (panel === 'memory' && h.memory > 0) {
    const memory = take(h.memory);
    const detailRows = take(h.detail);
    const legend = memory && take(1);
    return { detailRows, memory, legend, stages: 0, bothPanels: false };
  }
  const first = take(h.stageMin) ? h.stageMin : 0;
  const detailRows = take(h.detail);
  const stages = first === 0 ? 0 : first + Math.min(left, h.stageFull - first);
  return { detailRows, memory: false, legend: false, stages, bothPanels: h.memory === 0 };
}
