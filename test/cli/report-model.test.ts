// segplan report MODEL [flags]: a report built from the same flags as compare, no scenario file; and
// `segplan version`.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, segplan } from './run.js';

describe('segplan report MODEL', () => {
  it('writes a report of the job the flags describe, named after the model', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'segplan-report-model-'));
    const r = await segplan(['report', 'mistral-7b', '--gpu', 'a100-80gb', '--gpus', '4'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('wrote reports/mistral-7b.md\nwrote reports/mistral-7b.html\nwrote reports/mistral-7b.json\n');
    const md = readFileSync(join(cwd, 'reports', 'mistral-7b.md'), 'utf8');
    expect(md).toMatch(/^# mistral-7b on 4 x a100-80gb/);
    for (const s of ['| e2e |', '| fsdp-offload |', '| segprop (K=8']) expect(md).toContain(s);
    // the same numbers as compare with the same flags
    const compare = JSON.parse((await segplan(['compare', 'mistral-7b', '--gpu', 'a100-80gb', '--gpus', '4', '--json'])).stdout);
    expect(md).toContain(`| ${compare[1].maxMicroBatch} |`);
  });

  it('takes a Hugging Face config.json as the model, with --strategies, --tokens and -o', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segplan-report-hf-'));
    const config = join(ROOT, 'test', 'fixtures', 'hf-configs', 'llama-2-7b.json');
    const r = await segplan(['report', config, '--gpu', 'h100-sxm', '--strategies', 'fsdp,segprop', '--tokens', '1T', '-o', join(dir, 'x')]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(dir, 'x.md'), 'utf8');
    expect(md).toMatch(/^# Llama-2-7b-hf on 8 x h100-sxm/);
    expect(md).toContain('| time to train | GPU-hours | cost |');
    expect(md).not.toContain('| e2e |');
  });
});

describe('segplan version', () => {
  it('prints the package version', async () => {
    const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
    expect((await segplan(['version'])).stdout).toBe(`${version}\n`);
  });
});
