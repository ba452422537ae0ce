// Writes files so that a reader never sees half of one: each goes to a temporary file beside it, then moves into
// place. Without `force`, an existing file is never replaced, not even by a race: link() refuses to clobber.
// Every failure removes the temporary files, and is one line: exit 2 when the path is the user's to fix, exit 1
// (EnvironmentError) when the machine failed (a full disk, an I/O error).
import * as nodeFs from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EnvironmentError, UserError } from '../src/errors.js';

/** The file-system calls used here; tests pass failing ones to check that temporary files go away. */
export type FileOps = Pick<typeof nodeFs, 'existsSync' | 'statSync' | 'mkdirSync' | 'writeFileSync' | 'linkSync' | 'renameSync' | 'unlinkSync'>;

/** Error codes that mean the machine failed rather than the path the user gave. */
const ENVIRONMENT_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE', 'ENOMEM', 'EFBIG']);

function failure(what: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const message = `${what}: ${code ?? String(e)}`;
  return code !== undefined && ENVIRONMENT_CODES.has(code) ? new EnvironmentError(message) : new UserError(message);
}

/**
 * Creates `dir` and its missing parents one level at a time. (Node's recursive mkdir loops forever under /proc,
 * where mkdir answers ENOENT for a parent that exists; one level at a time, that answer is final.)
 */
export function makeDirs(dir: string, fs: FileOps = nodeFs): void {
  const missing: string[] = [];
  let d = resolve(dir);
  while (!fs.existsSync(d)) {
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  if (fs.existsSync(d) && !fs.statSync(d).isDirectory()) throw new UserError(`cannot create folder ${dir}: ${d} is not a folder`);
  for (const m of missing.reverse()) {
    try {
      fs.mkdirSync(m);
    } catch (e) {
      throw failure(`cannot create folder ${dir}`, e);
    }
  }
}

function removeQuietly(file: string, fs: FileOps): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // never created, or already gone
  }
}

export interface FileToWrite {
  file: string;
  content: string;
}

/** Writes every file (temporary files first, then each moved into place); nothing is left behind on failure. */
export function writeFilesAtomic(files: FileToWrite[], force: boolean, fs: FileOps = nodeFs): void {
  const temps: string[] = [];
  try {
    for (const { file, content } of files) {
      makeDirs(dirname(file), fs);
      const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
      temps.push(tmp);
      try {
        fs.writeFileSync(tmp, content, { flag: 'wx' });
      } catch (e) {
        throw failure(`cannot write ${file}`, e);
      }
    }
    files.forEach(({ file }, i) => {
      const tmp = temps[i]!;
      try {
        if (force) fs.renameSync(tmp, file);
        else fs.linkSync(tmp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(`${file} already exists; pass --force to overwrite it`);
        throw failure(`cannot write ${file}`, e);
      }
    });
  } finally {
    for (const tmp of temps) removeQuietly(tmp, fs);
  }
}

/** writeFilesAtomic with `force` fixed, for a library that takes a writer (src/validate/report.ts). */
export function atomicWriter(force: boolean): (files: FileToWrite[]) => void {
  return (files) => writeFilesAtomic(files, force);
}

export function writeFileAtomic(file: string, content: string, force: boolean): void {
  writeFilesAtomic([{ file, content }], force);
}

/** Refuses early (before any work) when a target exists and --force was not given. */
export async function refuseExisting(files: string[], force: boolean): Promise<void> {
  if (force) return;
  const { existsSync } = await import('node:fs');
  const taken = files.find((f) => existsSync(f));
  if (taken) throw new UserError(`${taken} already exists; pass --force to overwrite it`);
}
