// Saved tensors in host memory (torch.autograd.graph.save_on_cpu(pin_memory=True)): the pack hook copies every
// tensor an op saves to pinned host memory (once per op that saves it), the unpack hook copies it back for that
// op's backward. Checked against a hand count for a Llama layer and against the PCIe arithmetic of the plan.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { summarizeBlock } from '../../src/memory/block-summary.js';
import { plan } from '../../src/plan/plan.js';
import { pytorchProfile } from '../../src/runtime/pytorch.js';
import { savedOnHost } from '../../src/runtime/save-on-cpu.js';
import { gpuById } from '../../src/hardware/catalog.js';
import { RequestError } from '../../src/errors.js';
import { llama } from '../graph/specs.js';
import { request } from './helpers.js';

const [h, s] = [512, 256];
const spec = llama('l', h, 4, 8, 8, 1536, 32000);
const graph = buildGraph(spec, { seqLen: s });
const layer = graph.blocks.find((b) => b.isLayer)!;
const summary = (host: boolean) =>
  summarizeBlock({
    block: layer,
    role: 'train',
    upstreamTrains: true,
    policy: 'none',
    profile: host ? savedOnHost(pytorchProfile) : pytorchProfile,
    dtype: 'bf16',
    attention: 'flash',
  });

describe('a Llama layer under save_on_cpu (bf16, flash attention)', () => {
  const [gpu, host] = [summary(false), summary(true)];

  it('keeps nothing on the GPU between its forward and its backward', () => {
    expect(host.held).toEqual({ c: 0, d: 0 });
    expect(host.savesInput).toBe(false);
  });

  it('packs what the GPU would keep, its input, and each tensor once more per extra op that saves it', () => {
    // extra saves (2 bytes each): the first norm's output by q, k and v (+2), the second's by gate and up (+1),
    // the attention output by the flash kernel and the o projection (+1); the layer input by the first norm
    const byHand = gpu.held.d + 2 * s * h * (1 + 2 + 1 + 1);
    expect(host.packed).toEqual({ c: 0, d: byHand });
  });

  it("has no forward transient above the GPU one, and a backward transient of at most one op's tensors at a time", () => {
    const top = (lines: readonly { d: number }[]) => Math.max(...lines.map((l) => l.d));
    expect(top(host.forwardPeak)).toBeLessThanOrEqual(top(gpu.forwardPeak));
    expect(top(host.backwardPeak)).toBeLessThan(gpu.held.d + top(gpu.backwardPeak));
  });
});

describe('plans with --saved-tensors host', () => {
  const req = (over = {}) => request(spec, { strategy: 'fsdp', gpus: 8, microBatch: 4, seqLen: 1024, ...over });
  const [gpu, host] = [plan(req()), plan(req({ savedTensors: 'host' }))];
  const [g, o] = [gpu.stages[0]!, host.stages[0]!];
  const pcie = gpuById('a100-80gb').pcieBytesPerSec;

  it('copies the packed bytes down in forward and up in backward, in series with compute', () => {
    // FSDP moves nothing else over PCIe: every byte is save_on_cpu's, half each way
    expect(o.pcieBytes).toBeGreaterThan(0);
    expect(g.pcieBytes).toBe(0);
    expect((o.stepTimeSeconds - g.stepTimeSeconds) / (o.pcieBytes / pcie)).toBeCloseTo(1, 9);
    expect(o.time.compute).toBeCloseTo(g.time.compute, 12);
  });

  it("holds every GPU's packed bytes in its node's host memory", () => {
    expect(o.memory.hostBytes).toBe(Math.round((8 * o.pcieBytes) / 2));
  });

  it('frees the GPU: lower peak, larger micro-batch', () => {
    expect(o.memory.peakBytes).toBeLessThan(g.memory.peakBytes);
    expect(o.maxMicroBatch).toBeGreaterThan(g.maxMicroBatch);
    expect(host.settings.savedTensors).toBe('host');
    expect(gpu.settings.savedTensors).toBeUndefined();
  });

  it('with an automatic micro-batch, picks the largest the host also holds', () => {
    const hostMemoryBytes = 64 * 2 ** 30;
    const auto = plan(req({ savedTensors: 'host', microBatch: 'auto', hostMemoryBytes }));
    const b = auto.settings.microBatch;
    expect(auto.fitsHost).toBe(true);
    expect(auto.stages[0]!.maxMicroBatch).toBe(b);
    expect(auto.stages[0]!.memory.hostBytes).toBeLessThanOrEqual(hostMemoryBytes);
    expect(b).toBeLessThan(plan(req({ savedTensors: 'host', microBatch: 'auto' })).settings.microBatch);
    const next = plan(req({ savedTensors: 'host', microBatch: b + 1, hostMemoryBytes }));
    expect(next.fitsHost).toBe(false);
  });

  it('is refused with checkpointing and on TensorFlow.js, naming the field', () => {
    expect(() => plan(req({ savedTensors: 'host', checkpointing: 'full' }))).toThrow(RequestError);
    expect(() => plan(req({ savedTensors: 'host', runtime: 'tfjs', precision: 'fp32', strategy: 'e2e', gpus: 1 }))).toThrow(/savedTensors/);
  });
});
