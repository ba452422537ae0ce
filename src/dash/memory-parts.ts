// The components of a GPU's memory at its peak, as the engine breaks them down (MemoryBreakdown), with a
// distinct glyph each so that a bar reads without colour.
import type { MemoryBreakdown } from '../plan/types.js';

export type MemoryPart = 'weights' | 'gradients' | 'optimizer' | 'activations' | 'transient' | 'gather' | 'buffers' | 'overhead';

export interface PartStyle {
  part: MemoryPart;
  label: string;
  /** for the legend of a narrow terminal */
  short: string;
  glyph: string;
  colour: string;
}

export const MEMORY_PARTS: readonly PartStyle[] = [
  { part: 'weights', label: 'weights', short: 'wts', glyph: '█', colour: 'blue' },
  { part: 'gradients', label: 'grads', short: 'grd', glyph: '▓', colour: 'magenta' },
  { part: 'optimizer', label: 'optim', short: 'opt', glyph: '▒', colour: 'yellow' },
  { part: 'activations', label: 'activ', short: 'act', glyph: '░', colour: 'green' },
  { part: 'transient', label: 'transient', short: 'tmp', glyph: '≈', colour: 'cyan' },
  { part: 'gather', label: 'gather', short: 'gth', glyph: '#', colour: 'red' },
  { part: 'buffers', label: 'buffers', short: 'buf', glyph: '=', colour: 'white' },
  { part: 'overhead', label: 'overhead', short: 'ovh', glyph: '+', colour: 'gray' },
];

export const FREE_GLYPH = '·';
/** where the GPU's capacity falls inside a bar that overflows it */
export const CAPACITY_GLYPH = '|';

export function partBytes(m: MemoryBreakdown, part: MemoryPart): number {
  return m[part];
}
