// What this project's lent H200 measured on 2026-11-30, as committed: its calibrations (harness/calibrate.py,
// models/calibrations/), read as the engine takes a calibration (without the file's $schema key), and the harness's
// measurement files (test/fixtures/torch-cuda/), as they came back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Calibration } from '../../src/time/calibration.js';
import { ROOT } from '../root.js';

/** run1, run2: 60 s sustained GEMM, FlashAttention-2 by shape; run3-sdpa-default: SDPA's own attention kernel */
export type H200Run = 'run1' | 'run2' | 'run3-sdpa-default';

export function h200Calibration(run: H200Run): Calibration {
  const file = join(ROOT, 'models', 'calibrations', `nvidia-h200-2026-11-30-${run}.json`);
  const { $schema: _schema, ...calibration } = JSON.parse(readFileSync(file, 'utf8')) as Calibration & { $schema?: string };
  return calibration;
}

/** A measurement file of test/fixtures/torch-cuda/, by its name after the date (e.g. 'gpu-suite'), as text. */
export function h200Measurement(name: 'gpu-suite' | 'full-suite' | 'kernel-traffic' | 'ops-by-shape'): string {
  return readFileSync(join(ROOT, 'test', 'fixtures', 'torch-cuda', `h200-2026-11-30-${name}.json`), 'utf8');
}
