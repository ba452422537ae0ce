// Lays a memory breakdown out on `width` character cells. The bar's scale is the larger of the capacity
// and the peak: a bar that fits ends in free cells; one that overflows shows where the capacity is.
// Layout only (which cell gets which glyph); the byte values are the engine's.
import type { MemoryBreakdown } from '../plan/types.js';
import { MEMORY_PARTS, type MemoryPart, partBytes } from './memory-parts.js';

export type Cell = MemoryPart | 'free' | 'capacity';

export interface Run {
  cell: Cell;
  length: number;
}

export function barRuns(m: MemoryBreakdown, capacityBytes: number, width: number): Run[] {
  if (width <= 0) return [];
  const scale = Math.max(capacityBytes, m.peakBytes, 1);
  const cells: Cell[] = [];
  let bytes = 0;
  for (const p of MEMORY_PARTS) {
    bytes += partBytes(m, p.part);
    const end = Math.min(width, Math.round((bytes / scale) * width));
    while (cells.length < end) cells.push(p.part);
  }
  const capEnd = Math.min(width, Math.round((capacityBytes / scale) * width));
  while (cells.length < capEnd) cells.push('free');
  while (cells.length < width) cells.push('free');
  if (m.peakBytes > capacityBytes) cells[Math.max(0, Math.min(width - 1, capEnd - 1))] = 'capacity';
  const runs: Run[] = [];
  for (const c of cells) {
    const last = runs[runs.length - 1];
    if (last && last.cell === c) last.length++;
    else runs.push({ cell: c, length: 1 });
  }
  return runs;
}
