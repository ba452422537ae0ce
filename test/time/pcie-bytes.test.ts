// The bytes a step moves between host and GPU, against a hand count of what each placement copies: FSDP + CPU
// offload (bf16-mixed) uploads every bf16 weight shard for forward and again for backward, and downloads each
// bf16 gradient shard: 2·2P + 2P bytes over the N GPUs. Nothing offloaded, nothing copied.
import { describe, expect, it } from 'vitest';
import { countParams } from '../../src/cost/params.js';
import { buildGraph } from '../../src/graph/build.js';
import { gpuById } from '../../src/hardware/catalog.js';
import { plan } from '../../src/plan/plan.js';
import { llama2_7b } from '../graph/specs.js';
import { request } from '../memory/helpers.js';

const spec = llama2_7b;
const pcie = gpuById('a100-80gb').pcieBytesPerSec;
const P = countParams(buildGraph(spec, { seqLen: 512 })).total;

describe('PCIe bytes per step', () => {
  it('FSDP + CPU offload on 8 GPUs: (2·2P + 2P) / 8 per GPU, and the copy time is those bytes at the PCIe rate', () => {
    const r = plan(request(spec, { strategy: 'fsdp-offload', gpus: 8, microBatch: 1 }));
    const [stage] = r.stages;
    expect(stage!.pcieBytes).toBe(Math.round((6 * P) / 8));
    expect(stage!.time.offload).toBeCloseTo(stage!.pcieBytes / pcie, 6);
  });

  it('with gradient accumulation the weights travel once per micro-batch', () => {
    const one = plan(request(spec, { strategy: 'fsdp-offload', gpus: 8, microBatch: 1 })).stages[0]!.pcieBytes;
    const four = plan(request(spec, { strategy: 'fsdp-offload', gpus: 8, microBatch: 1, gradAccum: 4 })).stages[0]!.pcieBytes;
    expect(four).toBe(4 * one);
  });

  it('nothing offloaded: no bytes', () => {
    expect(plan(request(spec, { strategy: 'fsdp', gpus: 8, microBatch: 1 })).stages[0]!.pcieBytes).toBe(0);
  });
});
