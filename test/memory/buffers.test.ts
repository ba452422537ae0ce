// Registered buffers (src/runtime/buffers.ts) against the modules' own definitions: torchvision's ResNet-50
// BatchNorm layers and Hugging Face GPT-2's causal-mask buffers.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { loadModel } from '../../src/model/load.js';
import { plan } from '../../src/plan/plan.js';
import { blockBytes } from '../../src/runtime/allocator.js';
import { registeredBufferBytes } from '../../src/runtime/buffers.js';
import { request } from './helpers.js';

const spec = (name: string) => loadModel(name).spec;
const graph = (name: string) => buildGraph(spec(name), { seqLen: 128, causalHalf: false });

describe('registered buffers', () => {
  it("ResNet-50: running mean and variance of torchvision's 53 BatchNorm layers (26,560 channels) and their step counters", () => {
    // channels of each BatchNorm2d, from torchvision's Bottleneck layout: stem, then per stage (width, out, blocks)
    const channels = [64];
    for (const [width, out, blocks] of [
      [64, 256, 3],
      [128, 512, 4],
      [256, 1024, 6],
      [512, 2048, 3],
    ] as const) {
      for (let i = 0; i < blocks; i++) channels.push(width, width, out);
      channels.push(out); // the downsample's BatchNorm
    }
    expect(channels.length).toBe(53);
    expect(channels.reduce((a, b) => a + b, 0)).toBe(26_560);
    const fp32 = channels.reduce((a, c) => a + 2 * blockBytes(4 * c) + blockBytes(8), 0);
    expect(registeredBufferBytes(graph('resnet-50'), spec('resnet-50'), 'pytorch', 4)).toBe(fp32);
    const r = plan(request(spec('resnet-50'), { seqLen: 1, precision: 'fp32', microBatch: 8 }));
    expect(r.stages[0]!.memory.buffers).toBe(fp32);
  });

  it("Hugging Face's eager GPT-2 keeps a 1024 × 1024 bool mask and a scalar per layer; fused kernels and rotary decoders keep none", () => {
    expect(registeredBufferBytes(graph('gpt2'), spec('gpt2'), 'pytorch-hf-eager', 2)).toBe(12 * (1024 * 1024 + 512));
    expect(registeredBufferBytes(graph('gpt2'), spec('gpt2'), 'pytorch', 2)).toBe(0);
    expect(registeredBufferBytes(graph('llama-2-7b'), spec('llama-2-7b'), 'pytorch-hf-eager', 2)).toBe(0);
    expect(registeredBufferBytes(graph('resnet-50'), spec('resnet-50'), 'tfjs', 4)).toBe(0);
  });

  it('buffers are allocated tensors: they count in max_memory_allocated, also with --runtime-overhead 0', () => {
    const r = plan(request(spec('gpt2'), { runtime: 'pytorch-hf-eager', attention: 'math', microBatch: 1, runtimeOverheadBytes: 0 }));
    const m = r.stages[0]!.memory;
    expect(m.overhead).toBe(0);
    expect(m.buffers).toBe(12 * (1024 * 1024 + 512));
    expect(m.allocatedBytes).toBe(m.peakBytes);
    expect(m.weights + m.gradients + m.optimizer + m.activations + m.transient + m.gather + m.buffers).toBeCloseTo(m.allocatedBytes, -1);
  });
});
