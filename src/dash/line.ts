// A screen line as styled pieces. Every panel of the dashboard returns its lines, so that the screen knows
// how many rows each panel takes, and every line is measured (string-width: wide characters count two
// cells) and cut to the terminal's width before ink sees it: nothing wraps, nothing is guessed.
import stringWidth from 'string-width';
import type { Role } from './theme.js';

export interface Piece {
  text: string;
  /** a role of the theme (muted, good, selected, ...) */
  role?: Role;
  /** a bar glyph's own colour (only when colour is on) */
  colour?: string;
}

export type Line = Piece[];

/** terminal cells `text` takes */
export function cells(text: string): number {
  return stringWidth(text);
}

/** `text` cut to `width` cells, with "…" where it was cut */
export function clip(text: string, width: number): string {
  if (width <= 0) return '';
  if (cells(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = cells(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** `text` clipped or padded with spaces to exactly `width` cells (right-aligned with `right`) */
export function fit(text: string, width: number, right = false): string {
  const t = clip(text, width);
  const gap = ' '.repeat(Math.max(0, width - cells(t)));
  return right ? gap + t : t + gap;
}

export function lineCells(line: Line): number {
  return line.reduce((n, p) => n + cells(p.text), 0);
}

/** the line cut to `width` cells: pieces past the edge go, the piece at the edge is clipped */
export function clipLine(line: Line, width: number): Line {
  if (lineCells(line) <= width) return line;
  const out: Line = [];
  let left = width;
  for (const p of line) {
    const w = cells(p.text);
    if (w < left) {
      out.push(p);
      left -= w;
    } else {
      out.push({ ...p, text: clip(p.text, left) });
      break;
    }
  }
  return out;
}

/** one plain piece */
export function plain(text: string, role?: Role): Line {
  return [role ? { text, role } : { text }];
}

/**
 * `text` broken at spaces into lines of at most `width` cells (a word longer than that is clipped); the
 * spaces inside a line stay as written.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current === '' ? word : `${current} ${word}`;
    if (cells(next) <= width || current.trim() === '') {
      current = clip(next, width);
    } else {
      lines.push(current.trimEnd());
      current = clip(word, width);
    }
  }
  if (current.trim() !== '') lines.push(current.trimEnd());
  return lines;
}
