// The components of a GPU's memory at its peak, as the engine breaks them down (MemoryBreakdown), with a
// distinct glyph each so that a bar reads without colour.
import type { MemoryBreakdown } from '../plan/types.js';

export type MemoryPart = 'weights' | 'gradients' | 'optimizer' | 'activations' | 'transient' | 'gather' | 'overhead';

export interface PartStyle {
  part: MemoryPart;
  label: string;
  glyph: string;
  colour: string;
}

export const MEMORY_PARTS: readonly PartStyle[] = [
  { part: 'weights', label: 'weights', glyph: '█', colour: 'blue' },
  { part: 'gradients', label: 'grads', glyph: '▓', colour: 'magenta' },
  { part: 'optimizer', label: 'optim', glyph: '▒', colour: 'yellow' },
  { part: 'activations', label: 'activ', glyph: '░', colour: 'green' },
  { part: 'transient', label: 'transient', glyph: '≈', colour: 'cyan' },
  { part: 'gather', label: 'gather', glyph: '#', colour: 'red' },
  { part: 'overhead', label: 'overhead', glyph: '+', colour: 'gray' },
];

export const FREE_GLYPH = '·';
/** where the GPU's capacity falls inside a bar that overflows it */
export const CAPACITY_GLYPH = '|';

export function partBytes(m: MemoryBreakdown, part: MemoryPart): number {
  return m[part];
}
