// One bar: the engine's memory breakdown laid out on `width` cells, one glyph (and colour) per component.
import { Text } from 'ink';
import type { MemoryBreakdown } from '../plan/types.js';
import { barRuns, type Cell } from './bar-cells.js';
import { CAPACITY_GLYPH, FREE_GLYPH, MEMORY_PARTS } from './memory-parts.js';
import { useColour } from './theme.js';

function glyphOf(cell: Cell): { glyph: string; colour: string } {
  if (cell === 'free') return { glyph: FREE_GLYPH, colour: 'gray' };
  if (cell === 'capacity') return { glyph: CAPACITY_GLYPH, colour: 'red' };
  const p = MEMORY_PARTS.find((x) => x.part === cell)!;
  return { glyph: p.glyph, colour: p.colour };
}

export interface MemoryBarProps {
  memory: MemoryBreakdown;
  capacityBytes: number;
  width: number;
}

export function MemoryBar({ memory, capacityBytes, width }: MemoryBarProps) {
  const colour = useColour();
  return (
    <Text>
      {barRuns(memory, capacityBytes, width).map((run, i) => {
        const g = glyphOf(run.cell);
        return (
          <Text key={i} color={colour(g.colour)}>
            {g.glyph.repeat(run.length)}
          </Text>
        );
      })}
    </Text>
  );
}
