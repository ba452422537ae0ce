// Strategies as compositions: a preset names a schedule, an adapter and a sharding; a request may change each.
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import { STRATEGY_NAMES, strategyAxes } from '../../src/strategy/strategy.js';
import { request } from '../memory/helpers.js';
import { gpt2, llama2_7b } from '../graph/specs.js';

const P = 6_738_415_616; // LLaMA-2-7B

describe('strategy presets', () => {
  it('each preset is a schedule, an adapter and a sharding; the request may replace any of them', () => {
    expect(STRATEGY_NAMES.map((n) => strategyAxes({ strategy: n }))).toContainEqual({ schedule: 'segprop', adapter: 'none', sharding: 'fsdp' });
    expect(strategyAxes({ strategy: 'e2e' })).toEqual({ schedule: 'e2e', adapter: 'none', sharding: 'ddp' });
    expect(strategyAxes({ strategy: 'segprop', sharding: 'zero2' })).toEqual({ schedule: 'segprop', adapter: 'none', sharding: 'zero2' });
  });

  it('--strategy e2e --sharding zero2 plans the same as --strategy zero2', () => {
    const spec = llama2_7b;
    const a = plan(request(spec, { strategy: 'e2e', sharding: 'zero2', gpus: 8, microBatch: 1 }));
    const b = plan(request(spec, { strategy: 'zero2', gpus: 8, microBatch: 1 }));
    expect(a.peakBytes).toBe(b.peakBytes);
    expect(a.stages[0]!.stepTimeSeconds).toBe(b.stages[0]!.stepTimeSeconds);
    expect(a.settings).toMatchObject({ schedule: 'e2e', adapter: 'none', sharding: 'zero2' });
    expect(a.strategy).toBe('e2e');
  });

  it("--schedule segprop turns any preset into a SegProp schedule with that preset's placement", () => {
    const r = plan(request(llama2_7b, { strategy: 'e2e', schedule: 'segprop', gpus: 8, microBatch: 1 }));
    expect(r.stages.length).toBeGreaterThan(1);
    expect(r.settings.placement.trainable.weights).toBe('replicated');
    expect(r.schedule).toBeDefined();
  });

  it('zero1 < ddp and zero2 < zero1 in memory, on the same cluster; on one GPU they are all DDP', () => {
    const peak = (strategy: 'e2e' | 'zero1' | 'zero2', gpus: number) => plan(request(llama2_7b, { strategy, gpus, microBatch: 1 })).peakBytes;
    expect(peak('zero1', 8)).toBeLessThan(peak('e2e', 8));
    expect(peak('zero2', 8)).toBeLessThan(peak('zero1', 8));
    // one GPU: no DDP bucket, nothing to shard
    expect(peak('zero2', 1)).toBe(peak('e2e', 1));
  });

  it("Megatron's bf16 recipe with fp32 gradients holds 18 bytes per parameter, and 6 + 12/d with the optimizer sharded (its docs' table)", () => {
    const p = precisionPolicy('bf16-mixed-fp32grads');
    expect(p.weightBytes + p.gradBytes + p.masterBytes + 2 * p.optimizerStateBytes).toBe(18);
    const d = 8;
    const r = plan(request(llama2_7b, { strategy: 'zero1', gpus: d, microBatch: 1, precision: 'bf16-mixed-fp32grads' }));
    const s = r.stages[0]!.memory;
    expect(s.weights + s.optimizer).toBeCloseTo(2 * P + (12 * P) / d, -3);
  });
});

describe('communication of the ZeRO stages', () => {
  const at8 = (over: Parameters<typeof request>[1]) => plan(request(llama2_7b, { gpus: 8, microBatch: 1, ...over })).stages[0]!;

  it('zero1 and zero2 move what DDP moves, in two halves: reduce-scatter of gradients, all-gather of updated weights', () => {
    // bytes only: the calls differ (DDP all-reduces 25 MiB buckets, ZeRO reduce-scatters per block), so no latency per call
    const calibration = { gpu: 'bytes only', date: '2026-11-29', collectiveLatencySeconds: 0 };
    const ddp = at8({ strategy: 'e2e', calibration }).time.communication;
    expect(at8({ strategy: 'zero1', calibration }).time.communication).toBeCloseTo(ddp, 12);
    expect(at8({ strategy: 'zero2', calibration }).time.communication).toBeCloseTo(ddp, 12);
  });

  it('an optimizer on the CPU costs a PCIe copy of its gradient shard down and of its weight shard back', () => {
    const st = at8({ strategy: 'zero2', placement: { trainable: { weights: 'replicated', gradients: 'sharded', optimizer: 'offloaded' } } });
    const gpu = request(llama2_7b).gpu;
    expect(st.time.offload).toBeCloseTo(((P / 8) * (2 + 2)) / gpu.pcieBytesPerSec, 9);
  });
});

describe('host memory of a CPU optimizer', () => {
  it('ZeRO-Offload on one node holds master weights, moments and the gradients it reads: 14 bytes per parameter (16 with fp32 gradients, as DeepSpeed estimates)', () => {
    const offload = { trainable: { weights: 'replicated', gradients: 'sharded', optimizer: 'offloaded' } } as const;
    const host = (precision: 'bf16-mixed' | 'bf16-mixed-fp32grads') =>
      plan(request(llama2_7b, { strategy: 'zero2', gpus: 8, microBatch: 1, precision, placement: offload })).stages[0]!.memory.hostBytes;
    expect(host('bf16-mixed')).toBeCloseTo(14 * P, -2);
    expect(host('bf16-mixed-fp32grads')).toBeCloseTo(16 * P, -2);
  });
});

describe('hybrid sharding', () => {
  it('shards within a node: on 2 nodes of 8 its model states are those of FSDP on 8 GPUs', () => {
    const a = plan(request(llama2_7b, { strategy: 'hybrid', gpus: 16, nodes: 2, microBatch: 1 }));
    const b = plan(request(llama2_7b, { strategy: 'fsdp', gpus: 8, nodes: 1, microBatch: 1 }));
    expect(a.stages[0]!.memory.optimizer).toBe(b.stages[0]!.memory.optimizer);
    expect(a.stages[0]!.memory.weights).toBe(b.stages[0]!.memory.weights);
    expect(a.settings.placement.group).toBe('node');
  });

  it('gathers over NVLink inside the node: less communication time than FSDP across both nodes on a network slower than NVLink', () => {
    // a DGX A100's 8 × 200 Gb/s carry a ring nearly as fast as NVLink; at 400 Gb/s per node the gathers inside the node win
    const calibration = { gpu: '400 Gb/s per node', date: '2026-11-29', busBytesPerSec: { interNode: 50e9 } };
    const h = plan(request(llama2_7b, { strategy: 'hybrid', gpus: 16, nodes: 2, microBatch: 1, calibration }));
    const f = plan(request(llama2_7b, { strategy: 'fsdp', gpus: 16, nodes: 2, microBatch: 1, calibration }));
    expect(h.stages[0]!.time.communication).toBeLessThan(f.stages[0]!.time.communication);
    // with one node the two are the same plan
    const h1 = plan(request(llama2_7b, { strategy: 'hybrid', gpus: 8, microBatch: 1 }));
    const f1 = plan(request(llama2_7b, { strategy: 'fsdp', gpus: 8, microBatch: 1 }));
    expect(h1.stages[0]!.stepTimeSeconds).toBeCloseTo(f1.stages[0]!.stepTimeSeconds, 12);
    expect(h1.peakBytes).toBe(f1.peakBytes);
  });
});

describe('host memory is an input', () => {
  it("--host-mem decides whether offloaded states fit; the default is the node type's", () => {
    const spec = gpt2('gpt2-xl', 1600, 48, 25);
    const def = plan(request(spec, { strategy: 'fsdp-offload', microBatch: 1 }));
    const host = def.stages[0]!.memory.hostBytes;
    expect(host).toBeGreaterThan(0);
    const tight = plan(request(spec, { strategy: 'fsdp-offload', microBatch: 1, hostMemoryBytes: Math.floor(host) - 1 }));
    expect(tight.fitsHost).toBe(false);
    expect(tight.fits).toBe(false);
    expect(tight.settings.hostMemoryBytes).toBe(Math.floor(host) - 1);
    const enough = plan(request(spec, { strategy: 'fsdp-offload', microBatch: 1, hostMemoryBytes: Math.ceil(host) }));
    expect(enough.fitsHost).toBe(true);
    expect(Object.values(enough.assumptions).some((v) => typeof v === 'string' && v.includes('host memory per node set by the user'))).toBe(true);
    expect(() => plan(request(spec, { hostMemoryBytes: 0 }))).toThrow(/^hostMemoryBytes: must be a positive amount of bytes/);
  });

  it('every sharding preset is a complete placement', () => {
    for (const s of Object.values(SHARDINGS)) expect(Object.keys(s).sort()).toEqual(['ddpBuckets', 'frozen', 'group', 'trainable']);
  });
});

describe('the optimizer step of a stage with a tied table', () => {
  it("steps GPT-2's embedding when only the head that reads it trains: optimizer time per trainable parameter is the same in every stage", () => {
    const r = plan(
      request(gpt2('gpt2', 768, 12, 12), {
        strategy: 'segprop',
        segprop: { segmentSize: 4, headDepth: 1, prefixDepth: 0, forward: 'full' },
        placement: { trainable: { weights: 'replicated', gradients: 'replicated', optimizer: 'replicated' }, frozen: 'replicated' },
        microBatch: 1,
      }),
    );
    const perParam = r.stages.map((s) => s.time.optimizer / s.trainableParams);
    expect(r.stages.length).toBeGreaterThan(2);
    for (const x of perParam) expect(Math.abs(x / perParam[0]! - 1)).toBeLessThan(1e-12);
  });
});
