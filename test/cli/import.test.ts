// segplan import: a fixture config.json (test/fixtures/hf-configs, sources in its SOURCES.md) to a spec file.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segplan, stderrLines } from './run.js';

const FIXTURE = 'test/fixtures/hf-configs/llama-2-7b.json';

describe('segplan import', () => {
  it('--json prints the spec and its parameter counts', async () => {
    const r = await segplan(['import', FIXTURE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.spec.family).toBe('decoder');
    expect(out.spec.numLayers).toBe(32);
    expect(out.params.total).toBe(6_738_415_616);
  });

  it('-o writes a spec that plan can read, and refuses to overwrite without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segplan-import-'));
    const out = join(dir, 'spec.json');
    expect((await segplan(['import', FIXTURE, '-o', out])).code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const plan = await segplan(['plan', out, '--strategy', 'fsdp', '--json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).model.params.total).toBe(6_738_415_616);

    writeFileSync(out, 'keep me');
    const again = await segplan(['import', FIXTURE, '-o', out]);
    expect(again.code).toBe(2);
    expect(stderrLines(again)).toHaveLength(1);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect((await segplan(['import', FIXTURE, '-o', out, '--force'])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).numLayers).toBe(32);
  });
});
