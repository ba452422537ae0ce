// One bar: the engine's memory breakdown laid out on `width` cells, one glyph (and colour) per component.
import type { MemoryBreakdown } from '../plan/types.js';
import { barRuns, type Cell } from './bar-cells.js';
import type { Piece } from './line.js';
import { CAPACITY_GLYPH, FREE_GLYPH, MEMORY_PARTS } from './memory-parts.js';

function glyphOf(cell: Cell): { glyph: string; colour: string } {
  if (cell === 'free') return { glyph: FREE_GLYPH, colour: 'gray' };
  if (cell === 'capacity') return { glyph: CAPACITY_GLYPH, colour: 'red' };
  const p = MEMORY_PARTS.find((x) => x.part === cell)!;
  return { glyph: p.glyph, colour: p.colour };
}

export function barPieces(memory: MemoryBreakdown, capacityBytes: number, width: number): Piece[] {
  return barRuns(memory, capacityBytes, width).map((run) => {
    const g = glyphOf(run.cell);
    return { text: g.glyph.repeat(run.length), colour: g.colour };
  });
}
