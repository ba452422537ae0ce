// harness/calibrate.py without a GPU: it runs its code path on the CPU and writes a file that segplan's
// calibration schema accepts, marked as measured on "cpu" so that no GPU plan takes it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../root.js';
import { loadCalibration } from '../../cli/calibration-file.js';
import { requireTorch } from '../validate/torch/python.js';

describe('harness/calibrate.py', () => {
  it('writes a calibration file segplan reads (CPU code path)', async (ctx) => {
    const python = requireTorch(ctx);
    const out = join(mkdtempSync(join(tmpdir(), 'segplan-calibrate-')), 'calibration.json');
    const r = spawnSync(python, [join(ROOT, 'harness', 'calibrate.py'), '-o', out], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, CUDA_VISIBLE_DEVICES: '' },
    });
    expect(r.status, r.stderr).toBe(0);
    const c = await loadCalibration(out);
    expect(c.segplanGpu).toBe('cpu');
    expect(c.method).toMatch(/CPU code path only/);
    expect(c.matmulFlopsPerSec).toBeGreaterThan(0);
    expect(c.hbmBytesPerSec).toBeGreaterThan(0);
    expect(c.kernelLaunchSeconds).toBeGreaterThan(0);
    expect(c.gemmPoints!.length).toBeGreaterThan(0);
    // attention by shape: both masks, two head dimensions, two sequence lengths on the CPU path
    expect(c.attentionPoints).toHaveLength(8);
    expect(new Set(c.attentionPoints!.map((p) => `${p.causal}|${p.headDim}|${p.seqLen}`)).size).toBe(8);
    for (const p of c.attentionPoints!) expect(p.flopsPerSec).toBeGreaterThan(0);
  }, 150_000);
});
