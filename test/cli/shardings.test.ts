// segplan shardings: one job under every sharding and optimizer-offload variant, in one table.
import { describe, expect, it } from 'vitest';
import { segplan } from './run.js';
import { errorsOf, validatePlan } from './schema.js';

describe('segplan shardings', () => {
  const args = ['shardings', 'llama-2-7b', '--gpu', 'a100-80gb', '--gpus', '8', '--seq-len', '4096'];

  it('plans every variant; more sharding never needs more GPU memory at the same micro-batch', async () => {
    const r = await segplan([...args, '--micro-batch', '1', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ variant: { sharding: string; optimizerOffloaded: boolean }; result: { peakBytes: number } }>;
    for (const x of rows) expect(validatePlan(x.result), errorsOf(validatePlan)).toBe(true);
    const peak = (s: string, off = false) => rows.find((x) => x.variant.sharding === s && x.variant.optimizerOffloaded === off)!.result.peakBytes;
    expect(rows.map((x) => x.variant.sharding)).toEqual(['ddp', 'zero1', 'zero1', 'zero2', 'zero2', 'fsdp', 'fsdp', 'hybrid', 'fsdp-offload']);
    expect(peak('zero1')).toBeLessThan(peak('ddp'));
    expect(peak('zero2')).toBeLessThanOrEqual(peak('zero1'));
    expect(peak('fsdp')).toBeLessThan(peak('zero2'));
    expect(peak('zero2', true)).toBeLessThan(peak('zero2'));
    expect(peak('fsdp-offload')).toBeLessThan(peak('fsdp'));
  });

  it('the table names each variant as frameworks ship it, with memory by kind, host memory and the largest micro-batch', async () => {
    const r = await segplan(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^zero2 \+ optimizer offloaded\s+ZeRO-Offload/m);
    expect(r.stdout).toMatch(/max micro-batch .* host \/ node/);
    const csv = (await segplan([...args, '--csv'])).stdout.trim().split('\n');
    expect(csv[0]).toMatch(/^sharding,optimizerOffloaded,strategy,/);
    expect(csv).toHaveLength(10);
  });

  it('--host-mem too small for the offloaded states says so in the offload rows only', async () => {
    const r = await segplan([...args, '--micro-batch', '1', '--host-mem', '10GiB', '--json']);
    const rows = JSON.parse(r.stdout) as Array<{ variant: { sharding: string; optimizerOffloaded: boolean }; result: { fitsHost: boolean } }>;
    for (const x of rows) expect(x.result.fitsHost).toBe(!x.variant.optimizerOffloaded && x.variant.sharding !== 'fsdp-offload');
  });
});
