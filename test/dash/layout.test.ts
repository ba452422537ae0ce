// The order in which the dashboard gives up rows (layout.ts): stage rows collapse first, then the stage panel
// goes behind Tab, then the legend, then the MFU and binding rows; the title, knobs, table and footer stay.
import { describe, expect, it } from 'vitest';
import { allot, type Heights } from '../../src/dash/layout.js';

// 10 fixed lines, 2 detail rows, a memory panel of title + 3 bars, a stage panel of title + 10 stages
const h: Heights = { fixed: 10, detail: 2, memory: 4, stageMin: 3, stageFull: 11 };

describe('allot', () => {
  it('room for everything: both panels, every stage', () => {
    expect(allot(10 + 4 + 1 + 2 + 11, h, 'memory')).toEqual({ detailRows: true, memory: true, legend: true, stages: 11, bothPanels: true });
  });
  it('less room: the stage rows collapse, the rest stays', () => {
    expect(allot(10 + 4 + 1 + 2 + 5, h, 'memory')).toEqual({ detailRows: true, memory: true, legend: true, stages: 5, bothPanels: true });
  });
  it('too little for the stage panel beside the memory panel: one panel, Tab swaps', () => {
    expect(allot(10 + 4 + 1 + 2 + 2, h, 'memory')).toEqual({ detailRows: true, memory: true, legend: true, stages: 0, bothPanels: false });
    expect(allot(10 + 4 + 1 + 2 + 2, h, 'stages')).toEqual({ detailRows: true, memory: false, legend: false, stages: 7, bothPanels: false });
  });
  it('then the legend goes, then the MFU and binding rows (a single row left still takes the legend)', () => {
    expect(allot(10 + 4 + 2, h, 'memory')).toMatchObject({ detailRows: true, memory: true, legend: false });
    expect(allot(10 + 4 + 1, h, 'memory')).toMatchObject({ detailRows: false, memory: true, legend: true });
    expect(allot(10 + 4, h, 'memory')).toMatchObject({ detailRows: false, memory: true, legend: false });
  });
  it('nothing planned: no memory panel, and Tab has nothing to swap', () => {
    expect(allot(30, { ...h, memory: 0, detail: 0, stageMin: 1, stageFull: 1 }, 'memory')).toEqual({
      detailRows: false,
      memory: false,
      legend: false,
      stages: 1,
      bothPanels: true,
    });
  });
});
