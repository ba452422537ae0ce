// The in-process runner gives each run the working folder and environment it asks for and takes them back, so
// that no CLI test leaks process state into the next.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, segplan } from './run.js';

describe('segplan(args) in process', () => {
  it('runs in the folder and environment given, and restores both and process.exitCode afterwards', async () => {
    const cwd = process.cwd();
    const before = { NO_COLOR: process.env.NO_COLOR, HF_HOME: process.env.HF_HOME };
    const work = mkdtempSync(join(tmpdir(), 'segplan-run-'));
    copyFileSync(join(ROOT, 'test/fixtures/hf-configs/llama-2-7b.json'), join(work, 'config.json'));
    // a relative path is read from the working folder: the file is only in `work`
    const r = await segplan(['import', 'config.json'], { cwd: work, env: { HF_HOME: '/nowhere' } });
    expect(r.code, r.stderr).toBe(0);
    expect(process.cwd()).toBe(cwd);
    expect({ NO_COLOR: process.env.NO_COLOR, HF_HOME: process.env.HF_HOME }).toEqual(before);
    expect(process.exitCode).toBeUndefined();
  });

  it('captures standard output and the exit status of a command that succeeds', async () => {
    const r = await segplan(['models', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as unknown[]).length).toBeGreaterThan(0);
  });
});
