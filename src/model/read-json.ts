// Reads and parses a JSON file; a missing file or a syntax error becomes a one-line SpecError naming the file.
import { readFileSync } from 'node:fs';
import { SpecError } from '../errors.js';
import { MAX_JSON_DEPTH } from './limits.js';

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
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory, not a file' : (err.message ?? String(e));
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

/** Offset of the first bracket that opens level MAX_JSON_DEPTH + 1 (outside strings), or -1. */
function tooDeepAt(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) return i;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return -1;
}

export function parseJson(text: string, file: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  const deep = tooDeepAt(body);
  if (deep >= 0) {
    const { line, column } = lineColumn(body, deep);
    throw new SpecError(file, `line ${line} column ${column}`, `nested more than ${MAX_JSON_DEPTH} levels deep`);
  }
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
