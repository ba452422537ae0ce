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

export function parseJson(text: string, file: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(body);
  } catch (e) {
    const message = (e as Error).message.split('\n')[0]!;
    // V8 reports "... at position N" (or nothing at end of input); turn it into line and column.
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : body.length;
    const { line, column } = lineColumn(body, offset);
    const reason = message.replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/, '');
    throw new SpecError(file, `line ${line} column ${column}`, `invalid JSON: ${reason}`);
  }
}
