// The pytorch-hf-eager runtime (Hugging Face's eager code, as the PyTorch validation measured it) against the
// fused profile, by formula: per token, LlamaRMSNorm keeps x̂ (bf16) and an fp32 copy of its input where the fused
// kernel keeps the bf16 input (2 + 4 − 2 = 4 bytes per element more, torch 2.x), and eager attention in bf16
// keeps the fp32 softmax output beside the bf16 probabilities (4 bytes per score more).
import { describe, expect, it } from 'vitest';
import { catalogSpec } from '../../src/model/catalog.js';
import { stageMemory } from '../../src/memory/stage-memory.js';
import { optimizerPolicy } from '../../src/precision/optimizer.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { runtimeProfile } from '../../src/runtime/profiles.js';
import type { RuntimeName } from '../../src/vocabulary.js';
import { graphOf } from './helpers.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';

const spec = catalogSpec('llama-2-7b')!;
if (spec.family !== 'decoder') throw new Error('llama-2-7b is a decoder');
const s = 512;
const graph = graphOf(spec, s);
const roles = graph.blocks.map(() => 'train' as const);

function savedPerSample(runtime: RuntimeName, attention: 'flash' | 'math'): number {
  const m = stageMemory({
    graph,
    roles,
    policy: 'none',
    profile: runtimeProfile(runtime),
    precision: precisionPolicy('bf16-mixed'),
    optimizer: optimizerPolicy('adamw'),
    placement: SHARDINGS.ddp,
    attention,
    gpus: 1,
    gpusPerNode: 1,
    overheadBytes: 0,
  });
  return m.savedAtEndOfForward.d;
}

describe('runtime pytorch-hf-eager', () => {
  const norms = 2 * spec.numLayers + 1;
  it('keeps 4 more bytes per element of every RMSNorm (x̂ in bf16, the fp32 input instead of the bf16 one)', () => {
    expect(savedPerSample('pytorch-hf-eager', 'flash') - savedPerSample('pytorch', 'flash')).toBe(norms * 4 * s * spec.hiddenSize);
  });
  it("also keeps eager attention's fp32 softmax output: 4 bytes per score per layer", () => {
    const scores = spec.numHeads * s * s;
    expect(savedPerSample('pytorch-hf-eager', 'math') - savedPerSample('pytorch', 'math')).toBe(norms * 4 * s * spec.hiddenSize + spec.numLayers * 4 * scores);
  });
});
