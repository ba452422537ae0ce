// What each bar glyph means: the full labels when they fit the width, else the short ones.
import { lineCells, type Line } from './line.js';
import { CAPACITY_GLYPH, FREE_GLYPH, MEMORY_PARTS } from './memory-parts.js';

function legend(short: boolean): Line {
  const line: Line = [];
  for (const p of MEMORY_PARTS) {
    line.push({ text: p.glyph, colour: p.colour }, { text: ` ${short ? p.short : p.label} ` });
  }
  line.push({ text: `${FREE_GLYPH} free ${CAPACITY_GLYPH} cap` });
  return line;
}

export function legendLine(columns: number): Line {
  const full = legend(false);
  return lineCells(full) <= columns ? full : legend(true);
}
