// The real binary, for what only a process shows: the package's bin entry, the exit status a shell sees, and
// the process's own streams (a full disk, a reader that goes away). Everything else drives main(argv, io) in
// process (test/cli/run.ts); the first test checks that both give the same output.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segplan, stderrLines } from '../cli/run.js';
import { ROOT } from '../root.js';
import { BIN, builtBin, segplanBinary } from './binary.js';

describe('the segplan binary', () => {
  it('plans as main(argv, io) does: the same output, exit 0', async () => {
    const args = ['plan', 'llama-2-7b', '--strategy', 'fsdp', '--gpu', 'a100-80gb', '--json'];
    const r = segplanBinary(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).settings).toMatchObject({ gpus: 8, seqLen: 2048 });
    expect(r.stdout).toBe((await segplan(args)).stdout);
  });

  it('--help lists the commands, exit 0', () => {
    const r = segplanBinary(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: segplan <command>/);
    for (const command of ['plan', 'compare', 'sweep', 'report', 'dash']) expect(r.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('bad input is one line on stderr and exit status 2', () => {
    const r = segplanBinary(['plan', '--gpu', 'a100-40g']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(stderrLines(r)).toEqual([expect.stringMatching(/^segplan: error: unknown GPU "a100-40g".*a100-40gb/)]);
  });

  it("package.json's bin is this file, a node script that prints the package's version", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    expect(join(ROOT, pkg.bin.segplan!)).toBe(BIN);
    expect(readFileSync(builtBin(), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const r = segplanBinary(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('a full disk on standard output is one line and exit 1', (ctx) => {
    if (!existsSync('/dev/full')) ctx.skip(true, 'no /dev/full on this system');
    const fd = openSync('/dev/full', 'w');
    try {
      const r = segplanBinary(['compare'], { stdio: ['ignore', fd, 'pipe'] });
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual(['segplan: error: cannot write to standard output: ENOSPC']);
    } finally {
      closeSync(fd);
    }
  });

  it('a reader that goes away (EPIPE) ends the command quietly with exit 0', async () => {
    const child = spawn(process.execPath, [builtBin(), 'sweep', '--json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
