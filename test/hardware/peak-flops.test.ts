import { expect, it } from 'vitest';
import { gpuById, peakFlops } from '../../src/hardware/catalog.js';

it('uses the catalog figure when the GPU has it', () => {
  expect(peakFlops(gpuById('a100-40gb'), 'bf16')).toEqual({ flopsPerSec: 312e12, rateOf: 'bf16' });
  expect(peakFlops(gpuById('a100-40gb'), 'fp32')).toEqual({ flopsPerSec: 19.5e12, rateOf: 'fp32' });
  expect(peakFlops(gpuById('v100-32gb'), 'fp16')).toEqual({ flopsPerSec: 125e12, rateOf: 'fp16' });
});

it('V100 has no BF16: falls back to the FP32 rate and says so', () => {
  const p = peakFlops(gpuById('v100-16gb'), 'bf16');
  expect(p.flopsPerSec).toBe(15.7e12);
  expect(p.rateOf).toBe('fp32');
  expect(p.note).toBe(
    'NVIDIA V100 SXM2 16GB has no BF16 support: bf16 math is estimated at its FP32 rate (15.7 TFLOP/s), at best; ' + 'fp16 would run at 125 TFLOP/s',
  );
});
