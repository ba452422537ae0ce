// The standalone path as a user on a GPU machine without Node takes it: export the cases, run the harness
// by hand, import the measurements; and the one-line errors of the torch flags.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, segplan, stderrLines } from '../../cli/run.js';
import { requireTorch } from './python.js';

describe('segplan validate --export / --import', () => {
  it('export, harness by hand, import: the same comparison as a direct run', async (ctx) => {
    const python = requireTorch(ctx);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'segplan-torch-cli-'));
    const cases = path.join(dir, 'cases.json');
    const exp = await segplan(['validate', '--backend', 'torch', '--case', 'vit/e2e-sgd', '--export', cases]);
    expect(exp.code).toBe(0);
    expect(JSON.parse(readFileSync(cases, 'utf8')).cases).toHaveLength(1);
    const h = spawnSync(python, [path.join(ROOT, 'harness', 'torch_harness.py'), cases], { encoding: 'utf8', timeout: 120_000 });
    expect(h.status).toBe(0);
    const measured = path.join(dir, 'measured.json');
    writeFileSync(measured, h.stdout);
    const imp = await segplan(['validate', '--import', measured, '--json']);
    expect(imp.code).toBe(0);
    const doc = JSON.parse(imp.stdout) as { cases: { name: string; errors: { flopsExact: boolean; paramsEqual: boolean; peakBytes: number } }[] };
    expect(doc.cases.map((c) => c.name)).toEqual(['vit/e2e-sgd']);
    expect(doc.cases[0]!.errors).toMatchObject({ flopsExact: true, paramsEqual: true });
    expect(Math.abs(doc.cases[0]!.errors.peakBytes)).toBeLessThan(0.03);
    // an existing export is never replaced without --force
    const again = await segplan(['validate', '--backend', 'torch', '--export', cases]);
    expect(again.code).toBe(2);
    expect(stderrLines(again)).toHaveLength(1);
  });

  it('says in one line what is wrong with the torch flags', async () => {
    const exp = await segplan(['validate', '--backend', 'wasm', '--export', path.join(os.tmpdir(), 'x.json')]);
    expect(exp.code).toBe(2);
    expect(stderrLines(exp)).toEqual(['segplan: error: --export writes PyTorch cases: use it with --backend torch or torch-cuda']);
    const imp = await segplan(['validate', '--import', '/no/such/measured.json']);
    expect(imp.code).toBe(2);
    expect(stderrLines(imp)[0]).toMatch(/^segplan: error: \/no\/such\/measured\.json: cannot read the file/);
    const py = await segplan(['validate', '--backend', 'torch', '--python', '/no/such/python', '--case', 'vit/e2e-sgd']);
    expect(py.code).toBe(2);
    expect(stderrLines(py)[0]).toMatch(/no Python interpreter "\/no\/such\/python"/);
  });
});
