// Collectives on A100-SXM4-80GB at the published nccl-tests figures (Azure AI-benchmarking-guide, ND A100 v4:
// all_reduce busbw 231.58 GB/s at 8 GB, 0.33 GB/s at 8 KB on 8 GPUs), checked by hand from the table's numbers.
import { describe, expect, it } from 'vitest';
import { countParams } from '../../src/cost/params.js';
import { buildGraph } from '../../src/graph/build.js';
import { gpuById, makeCluster } from '../../src/hardware/catalog.js';
import { plan } from '../../src/plan/plan.js';
import { ringBandwidth } from '../../src/time/step-time.js';
import { publishedNetwork } from '../../src/validate/published/run.js';
import { llama2_7b } from '../graph/specs.js';
import { request } from '../memory/helpers.js';

describe('nccl-tests figures of A100-SXM4-80GB', () => {
  const P = countParams(buildGraph(llama2_7b, { seqLen: 1024 })).total;
  // 8 KB over 8 ranks at 0.33 GB/s busbw: busbw = algbw · 2·7/8, algbw = bytes / time
  const latency = (8192 * 2 * (7 / 8)) / 0.33e9;

  it('FSDP on 8 GPUs: 3·(7/8)·2P bytes at 231.58 GB/s, plus 43.4 µs for each of 3 collectives per block with weights', () => {
    const p = plan(request(llama2_7b, { gpus: 8, seqLen: 1024, microBatch: 1, strategy: 'fsdp' }));
    // 35 blocks with weights: embedding, 32 layers, final norm, head
    const expected = (3 * (7 / 8) * 2 * P) / 231.58e9 + 3 * 35 * latency;
    expect(latency * 1e6).toBeCloseTo(43.44, 2);
    expect(p.stages[0]!.time.communication).toBeCloseTo(expected, 9);
    expect(p.assumptions.kernelModel).toMatch(/nccl-tests all_reduce on 8 A100-SXM4-80GB/);
  });

  it('H200: 479.98 GB/s (NVLS) and 8192·2·(7/8) / 0.47 GB/s = 30.5 µs per call', () => {
    const p = plan(request(llama2_7b, { gpu: gpuById('h200'), gpus: 8, seqLen: 1024, microBatch: 1, strategy: 'fsdp' }));
    const h200Latency = (8192 * 2 * (7 / 8)) / 0.47e9;
    expect(p.stages[0]!.time.communication).toBeCloseTo((3 * (7 / 8) * 2 * P) / 479.98e9 + 3 * 35 * h200Latency, 9);
  });

  it('GPUs without a published measurement keep the datasheet link rate and no latency', () => {
    const gpu = gpuById('a100-40gb');
    const p = plan(request(llama2_7b, { gpu, gpus: 8, seqLen: 1024, microBatch: 1, strategy: 'fsdp' }));
    expect(p.stages[0]!.time.communication).toBeCloseTo((3 * (7 / 8) * 2 * P) / gpu.nvlinkBytesPerSec!, 9);
  });

  it("a calibration's bus bandwidth and latency replace the published ones", () => {
    const calibration = { gpu: 'mine', date: '2026-11-29', busBytesPerSec: { intraNode: 100e9 }, collectiveLatencySeconds: 0 };
    const p = plan(request(llama2_7b, { gpus: 8, seqLen: 1024, microBatch: 1, strategy: 'fsdp', calibration }));
    expect(p.stages[0]!.time.communication).toBeCloseTo((3 * (7 / 8) * 2 * P) / 100e9, 9);
  });
});

describe('rings across nodes', () => {
  it("run at the node's whole network rate (one ring per NIC), capped by NVLink: 2 DGX A100 = 8 × 200 Gb/s = 200 GB/s", () => {
    const two = makeCluster({ gpu: 'a100-40gb', gpus: 16 });
    expect(two.nodes).toBe(2);
    expect(two.interNodeBytesPerSec).toBe(200e9);
    expect(ringBandwidth(two)).toBe(Math.min(two.intraNodeBytesPerSec, 200e9));
    expect(ringBandwidth(makeCluster({ gpu: 'a100-40gb', gpus: 8 }))).toBe(two.intraNodeBytesPerSec);
  });

  it("a published row's network: per node unless the source says per GPU", () => {
    expect(publishedNetwork('400Gbps (column heading "A100 80G 128 GPUs with 400Gbps")', 8)?.nodeBytesPerSec).toBe(50e9);
    expect(publishedNetwork('RDMA 400 Gb/s per GPU between hosts', 8)?.nodeBytesPerSec).toBe(400e9);
    expect(publishedNetwork(null, 8)).toBeUndefined();
  });
});
