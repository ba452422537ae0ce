// Reads and parses a JSON file; a missing file or a syntax error becomes a one-line SpecError naming the file.
import { readFileSync } from 'node:fs';
import { SpecError } from '../errors.js';

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory, not a file' : (err.message ?? String(e));
    throw new SpecError(file, '', `cannot read the file: ${why}`);
  }
  return parseJson(text, file);
}

/** Whether JSON.parse fails on the first `length` characters at a point inside them (not just at their end). */
function failsInside(text: string, length: number): boolean {
  try {
    JSON.parse(text.slice(0, length));
    return false;
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    if (at) return Number(at[1]) < length;
    return !message.startsWith('Unexpected end');
  }
}

/**
 * Offset of the character JSON.parse rejects. V8 names a position for most errors but not for "Unexpected token";
 * then the shortest failing prefix is found by bisection (a prefix of valid JSON only fails at its end).
 */
function errorOffset(text: string, message: string): number {
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (message.startsWith('Unexpected end')) return text.length;
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(text, mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

export function parseJson(text: string, file: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(body);
  } catch (e) {
    const message = (e as Error).message;
    const { line, column } = lineColumn(body, errorOffset(body, message));
    const reason = message
      .replace(/, (\.\.\.)?"[\s\S]* is not valid JSON$/, '')
      .replace(/\s*(in JSON )?at position \d+[\s\S]*$/, '')
      .replace(/\s+/g, ' ');
    throw new SpecError(file, `line ${line} column ${column}`, `invalid JSON: ${reason}`);
  }
}
