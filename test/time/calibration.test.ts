// A calibration file replaces one named constant per field, each in the direction and by the amount a hand
// derivation gives: a slower measured kernel, link or launch makes the planned step slower, never faster.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockWeights } from '../../src/adapter/block-weights.js';
import { countParams } from '../../src/cost/params.js';
import { makeCluster } from '../../src/hardware/catalog.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import { plan } from '../../src/plan/plan.js';
import type { PlanRequest } from '../../src/plan/types.js';
import { KERNEL, type KernelFigures } from '../../src/time/kernel-rates.js';
import { TERM_LENGTH, newRooflineTime, rooflineSeconds } from '../../src/time/block-cost.js';
import type { Calibration } from '../../src/time/calibration.js';
import { ddpAllReduceCalls, DDP_BUCKET_BYTES } from '../../src/time/collectives.js';
import { loadCalibration } from '../../cli/calibration-file.js';
import { stepTime } from '../../src/time/step-time.js';
import { llama2_7b } from '../graph/specs.js';
import { request } from '../memory/helpers.js';
import { LLAMA_GRAPH, llamaStep } from './llama-step.js';
import { segplan, stderrLines } from '../cli/run.js';

const CALIBRATION: Calibration = { gpu: 'test', date: '2026-11-29' };

function stepOf(over: Partial<PlanRequest>, calibration?: Partial<Calibration>) {
  const p = plan(
    request(llama2_7b, {
      gpus: 8,
      seqLen: 2048,
      microBatch: 2,
      strategy: 'fsdp',
      ...over,
      ...(calibration && { calibration: { ...CALIBRATION, ...calibration } }),
    }),
  );
  return p.stages[0]!;
}

describe('calibrated kernel rates', () => {
  it('a slower measured matmul slows the step, and the plan names the calibration', () => {
    const published = stepOf({});
    const slower = stepOf({}, { matmulFlopsPerSec: 135.5e12 }); // about half the A100's sustained 256.5 TFLOP/s
    // GEMMs are most of a 7B step: halving their rate nearly doubles the compute (memory-bound and attention terms stay)
    expect(slower.time.compute / published.time.compute).toBeGreaterThan(1.6);
    expect(slower.time.compute / published.time.compute).toBeLessThan(2);
    const p = plan(request(llama2_7b, { calibration: { ...CALIBRATION, matmulFlopsPerSec: 135.5e12 } }));
    expect(p.assumptions.matmulEfficiency).toBeCloseTo(135.5 / 312, 12);
    expect(p.assumptions.matmulEfficiencyBasis).toMatch(/calibration of test \(2026-11-29\)/);
  });

  it('slower attention and a slower HBM each slow the step', () => {
    const published = stepOf({});
    expect(stepOf({}, { attentionFlopsPerSec: { forward: 50e12, backward: 40e12 } }).time.compute).toBeGreaterThan(published.time.compute);
    expect(stepOf({}, { hbmBytesPerSec: 0.5e12 }).time.memory).toBeGreaterThan(published.time.memory);
  });

  it("measured memory-bound kernels replace the H200's shares: a kernel timed slower slows the step's memory-bound rest only", () => {
    // Llama-2-7B's eager RMSNorm (the Hugging Face runtime) timed at the copy rate, then at a quarter of it; the
    // kernels the file does not time keep the H200's shares
    const copy = 2e12;
    const kernels = (rmsnorm: number) => ({
      'copy-fp32': { forwardBytesPerSec: copy },
      'rmsnorm-eager-bf16': { forwardBytesPerSec: rmsnorm, backwardBytesPerSec: rmsnorm },
    });
    const hf = { runtime: 'pytorch-hf-eager' as const };
    const atCopy = stepOf(hf, { hbmBytesPerSec: copy, memoryKernels: kernels(copy) });
    const slow = stepOf(hf, { hbmBytesPerSec: copy, memoryKernels: kernels(copy / 4) });
    expect(slow.time.kernels.other).toBeGreaterThan(atCopy.time.kernels.other);
    expect([slow.time.kernels.gemm, slow.time.kernels.attention]).toEqual([atCopy.time.kernels.gemm, atCopy.time.kernels.attention]);
    // the H200's own RMSNorm share (0.62-0.78) sits between the two
    const h200 = stepOf(hf, { hbmBytesPerSec: copy });
    expect(h200.time.kernels.other).toBeGreaterThan(atCopy.time.kernels.other);
    expect(h200.time.kernels.other).toBeLessThan(slow.time.kernels.other);
  });

  it('measured attention by shape replaces the published curve, read by the same rule, and wins over a one-shape rate', () => {
    // the plan's attention: causal, key length 2048, head dimension 128 (Llama-2-7B)
    const at = (flops: number) => [
      { seqLen: 1024, headDim: 128, causal: true, flopsPerSec: flops / 2 },
      { seqLen: 4096, headDim: 128, causal: true, flopsPerSec: flops * 2 },
      { seqLen: 2048, headDim: 64, causal: true, flopsPerSec: 1e12 },
    ];
    const published = stepOf({});
    // log-linear halfway between 1024 and 4096 at 2048: (F/2 + 2F) / 2 = 1.25 F; the same kernel rate whichever way
    // it is given, so the same step
    const points = stepOf({}, { attentionPoints: at(100e12) });
    const flat = stepOf({}, { attentionFlopsPerSec: { forward: 125e12, backward: 125e12 } });
    expect(points.time.compute).toBeCloseTo(flat.time.compute, 12);
    expect(points.time.compute).toBeGreaterThan(published.time.compute);
    // given both, the points decide
    expect(stepOf({}, { attentionPoints: at(100e12), attentionFlopsPerSec: { forward: 300e12, backward: 300e12 } }).time.compute).toBe(points.time.compute);
    const p = plan(request(llama2_7b, { calibration: { ...CALIBRATION, attentionPoints: at(100e12) } }));
    expect(p.assumptions.kernelModel).toMatch(/attention by shape from the calibration of test/);
  });

  it('refuses a measured attention point above the peak or with a shape that is not a positive integer', () => {
    const bad = (point: object) => () => stepOf({}, { attentionPoints: [{ seqLen: 2048, headDim: 128, causal: true, flopsPerSec: 1e14, ...point }] });
    expect(bad({ flopsPerSec: 1e16 })).toThrow(/attentionPoints\.0\.flopsPerSec.*exceeds/);
    expect(bad({ headDim: 0 })).toThrow(/attentionPoints\.0\.headDim.*positive integer/);
    expect(bad({ seqLen: 1.5 })).toThrow(/attentionPoints\.0\.seqLen.*positive integer/);
  });

  it('fp32 plans keep their dense-peak rates (the harness measures 16-bit kernels)', () => {
    const fp32 = (c?: Partial<Calibration>) => stepOf({ precision: 'fp32' }, c).stepTimeSeconds;
    expect(fp32()).toBeGreaterThan(0);
    expect(fp32({ matmulFlopsPerSec: 10e12 })).toBe(fp32());
    // a bf16 plan does take it
    expect(stepOf({}, { matmulFlopsPerSec: 10e12 }).stepTimeSeconds).toBeGreaterThan(stepOf({}).stepTimeSeconds);
  });
});

describe('kernel launch time', () => {
  // two terms of one kernel each: 1 µs of FLOPs and 3 µs of bytes; with a 5 µs launch each takes 5 µs, with 2 µs
  // only the first does
  const terms = Float64Array.from([1e6, 0, 0, KERNEL.other, 0, 0, 0, 1, 0, 0, 3e6, 0, KERNEL.other, 0, 0, 0, 1, 0]);
  const rates = { peakFlopsPerSec: 1e12, efficiency: 1 };
  it('a kernel takes at least its launch time: max(roofline, launch) per kernel', () => {
    expect(terms.length).toBe(2 * TERM_LENGTH);
    const out = newRooflineTime();
    expect(rooflineSeconds(terms, 1, rates, 1e12, out).seconds).toBeCloseTo(4e-6, 15);
    expect(rooflineSeconds(terms, 1, { ...rates, launchSeconds: 2e-6 }, 1e12, out).seconds).toBeCloseTo(2e-6 + 3e-6, 15);
    expect(rooflineSeconds(terms, 1, { ...rates, launchSeconds: 5e-6 }, 1e12, out).seconds).toBeCloseTo(10e-6, 15);
    // the launch-bound part is not memory-bound time
    expect(out.memoryBound).toBeCloseTo(3e-6, 15);
  });

  it('a term of several kernels (an op run op by op) takes at least that many launches', () => {
    // the 3 µs of bytes moved by 8 kernels (LlamaRMSNorm's forward): 8 launches of 2 µs outlast them
    const eager = Float64Array.from([0, 0, 3e6, KERNEL.other, 0, 0, 0, 8, 0]);
    const out = newRooflineTime();
    expect(rooflineSeconds(eager, 1, { ...rates, launchSeconds: 2e-6 }, 1e12, out).seconds).toBeCloseTo(16e-6, 15);
    expect(rooflineSeconds(eager, 1, { ...rates, launchSeconds: 0.1e-6 }, 1e12, out).seconds).toBeCloseTo(3e-6, 15);
  });
});

describe('collectives: bus bandwidth and latency', () => {
  const graph = LLAMA_GRAPH;
  const withWeights = blockWeights(graph).filter((w) => w.trainable > 0).length;
  function comm(sharding: keyof typeof SHARDINGS, kernels: KernelFigures, intraNodeBytesPerSec?: number) {
    const base = makeCluster({ gpu: 'a100-80gb', gpus: 8 });
    const cluster = intraNodeBytesPerSec === undefined ? base : { ...base, intraNodeBytesPerSec };
    return stepTime(llamaStep({ placement: SHARDINGS[sharding], cluster, microBatch: 1, kernels })).communication;
  }

  it('FSDP pays the latency once per block for each of its 3 collectives (gather forward, gather backward, reduce-scatter)', () => {
    const L = 1e-4;
    expect(comm('fsdp', { collectiveLatencySeconds: L }) - comm('fsdp', {})).toBeCloseTo(3 * withWeights * L, 12);
  });

  it("DDP pays it once per 25 MiB gradient bucket (PyTorch's bucket_cap_mb)", () => {
    const L = 1e-4;
    // bf16 gradients: 2 bytes per parameter, 6.74e9 parameters = 13.5 GB in 515 buckets
    const calls = ddpAllReduceCalls(2 * countParams(graph).total);
    expect(calls).toBe(Math.ceil((2 * countParams(graph).total) / (25 * 2 ** 20)));
    expect(comm('ddp', { collectiveLatencySeconds: L }) - comm('ddp', {})).toBeCloseTo(calls * L, 9);
    expect(ddpAllReduceCalls(DDP_BUCKET_BYTES + 1)).toBe(2);
    expect(ddpAllReduceCalls(0)).toBe(0);
  });

  it('a measured bus bandwidth half the link rate doubles the ring time', () => {
    const link = makeCluster({ gpu: 'a100-80gb', gpus: 8 }).intraNodeBytesPerSec;
    expect(comm('fsdp', {}, link / 2)).toBeCloseTo(2 * comm('fsdp', {}), 12);
  });

  it('a plan takes the bus bandwidth from the calibration (inside a node and across nodes)', () => {
    const one = stepOf({});
    expect(stepOf({}, { busBytesPerSec: { intraNode: 50e9 } }).time.communication).toBeGreaterThan(one.time.communication);
    const two = stepOf({ gpus: 16, nodes: 2 });
    expect(stepOf({ gpus: 16, nodes: 2 }, { busBytesPerSec: { interNode: 5e9 } }).time.communication).toBeGreaterThan(two.time.communication);
  });
});

describe('calibration files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segplan-calibration-'));
  const file = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  };

  it('reads a valid file (the harness output shape) and drops $schema', async () => {
    const path = file(
      'ok.json',
      JSON.stringify({
        $schema: '../docs/calibration.schema.json',
        ...CALIBRATION,
        matmulFlopsPerSec: 2e14,
        gemmPoints: [{ m: 8, n: 8, k: 8, flopsPerSec: 1 }],
      }),
    );
    expect(await loadCalibration(path)).toEqual({ ...CALIBRATION, matmulFlopsPerSec: 2e14, gemmPoints: [{ m: 8, n: 8, k: 8, flopsPerSec: 1 }] });
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['missing gpu', '{"date":"2026-01-01"}', /at \/: missing field "gpu"/],
    ['unknown field', '{"gpu":"x","date":"2026-01-01","matmul":1}', /unknown field "matmul"/],
    ['negative rate', '{"gpu":"x","date":"2026-01-01","hbmBytesPerSec":-1}', /at \/hbmBytesPerSec: must be > 0/],
    [
      'memory kernels without the copy they are shares of',
      '{"gpu":"x","date":"2026-01-01","memoryKernels":{"layernorm-bf16":{"forwardBytesPerSec":1e12,"backwardBytesPerSec":1e12}}}',
      /at \/memoryKernels: missing field "copy-fp32"/,
    ],
    [
      'an attention point without its mask',
      '{"gpu":"x","date":"2026-01-01","attentionPoints":[{"seqLen":512,"headDim":64,"flopsPerSec":1e14}]}',
      /at \/attentionPoints\/0: missing field "causal"/,
    ],
  ])('%s: one-line error naming the file and field', async (_what, body, pattern) => {
    const path = file('bad.json', body);
    await expect(loadCalibration(path)).rejects.toThrow(pattern);
    await expect(loadCalibration(path)).rejects.toThrow(path);
  });

  it('segplan plan --calibration: a bad file or a rate above the GPU peak exits 2 with one line', async () => {
    const copy = '"copy-fp32":{"forwardBytesPerSec":2e12}';
    for (const body of [
      '{"gpu":"x"}',
      '{"gpu":"x","date":"2026-01-01","matmulFlopsPerSec":1e16}',
      // a memory kernel segplan does not plan, and one without its backward rate
      `{"gpu":"x","date":"2026-01-01","memoryKernels":{${copy},"rmsnorm-bf16":{"forwardBytesPerSec":1e12,"backwardBytesPerSec":1e12}}}`,
      `{"gpu":"x","date":"2026-01-01","memoryKernels":{${copy},"layernorm-bf16":{"forwardBytesPerSec":1e12}}}`,
    ]) {
      const path = file('cli.json', body);
      const r = await segplan(['plan', 'llama-2-7b', '--gpu', 'a100-80gb', '--calibration', path], { fresh: true });
      expect(r.code, r.stderr).toBe(2);
      expect(stderrLines(r)).toHaveLength(1);
      expect(r.stderr).toContain(path);
    }
  });

  it('segplan plan --calibration: a slower measured matmul lowers the planned throughput', async () => {
    const args = ['plan', 'llama-2-7b', '--gpu', 'a100-80gb', '--strategy', 'fsdp', '--micro-batch', '1', '--json'];
    const tokens = async (extra: string[]) =>
      (JSON.parse((await segplan([...args, ...extra])).stdout) as { throughput: { tokensPerSecond: number } }).throughput.tokensPerSecond;
    const slow = file('slow.json', JSON.stringify({ ...CALIBRATION, matmulFlopsPerSec: 150e12 }));
    expect(await tokens(['--calibration', slow])).toBeLessThan(await tokens([]));
  });
});
