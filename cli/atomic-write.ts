// Writes a file so that a reader never sees half of it: write a temporary file beside it, then move it into
// place. Without `force`, an existing file is never replaced, not even by a race: link() refuses to clobber.
import { linkSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { UserError } from '../src/errors.js';

export function writeFileAtomic(file: string, content: string, force: boolean): void {
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UserError(`cannot create folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, content, { flag: 'wx' });
  } catch (e) {
    throw new UserError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    if (force) {
      renameSync(tmp, file);
    } else {
      linkSync(tmp, file);
      unlinkSync(tmp);
    }
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UserError(`${file} already exists; pass --force to overwrite it`);
    throw new UserError(`cannot write ${file}: ${code ?? String(e)}`);
  }
}

/** Refuses early (before any work) when a target exists and --force was not given. */
export async function refuseExisting(files: string[], force: boolean): Promise<void> {
  if (force) return;
  const { existsSync } = await import('node:fs');
  const taken = files.find((f) => existsSync(f));
  if (taken) throw new UserError(`${taken} already exists; pass --force to overwrite it`);
}
