// T5-style encoder-decoders: block order, FLOPs against a hand derivation (cross-attention's queries from the
// decoder, keys and values from the encoder), and the encoder output counted once in memory, not per decoder layer.
import { describe, expect, it } from 'vitest';
import { stepFlops } from '../../src/cost/flops.js';
import { buildGraph } from '../../src/graph/build.js';
import type { Graph, Op } from '../../src/graph/types.js';
import { summarizeBlock } from '../../src/memory/block-summary.js';
import { loadModel } from '../../src/model/load.js';
import type { EncoderDecoderSpec } from '../../src/model/types.js';
import { RULES_BY_KIND } from '../../src/ops/kinds/index.js';
import { pytorchProfile } from '../../src/runtime/pytorch.js';
import { plan } from '../../src/plan/plan.js';
import { gpuById } from '../../src/hardware/lookup.js';
import { request } from '../memory/helpers.js';

const spec = (name: string) => loadModel(name).spec as EncoderDecoderSpec;
const S = 512;
const T = 128;
const graph = (name: string, s = S, t = T) => buildGraph(spec(name), { seqLen: s, targetLen: t });
const block = (g: Graph, name: string) => g.blocks.find((b) => b.name === name)!;

describe('t5-base, block order', () => {
  const g = graph('t5-base');

  it('runs the encoder blocks, then the decoder blocks, then the head and the loss', () => {
    const names = g.blocks.map((b) => b.name);
    expect(names.slice(0, 2)).toEqual(['encoder.embedding', 'encoder.layers.0']);
    expect(names.indexOf('encoder.final_norm')).toBe(13);
    expect(names.slice(14, 16)).toEqual(['decoder.embedding', 'decoder.layers.0']);
    expect(names.slice(-4)).toEqual(['decoder.layers.11', 'decoder.final_norm', 'lm_head', 'loss']);
    expect(g.blocks.filter((b) => b.isLayer)).toHaveLength(24);
    expect(g.tokensPerSample).toBe(S + T);
  });

  it('the encoder output is the decoder embedding block’s chain input and every cross-attention’s key/value input', () => {
    const encoded = block(g, 'encoder.final_norm').output;
    expect(encoded.readLater).toBe(true);
    expect(block(g, 'decoder.embedding').input).toBe(encoded);
    for (let i = 0; i < 12; i++) {
      const ops = block(g, `decoder.layers.${i}`).ops;
      expect(ops.find((o) => o.name.endsWith('cross.k'))!.inputs[0]).toBe(encoded);
      expect(ops.find((o) => o.name.endsWith('cross.v'))!.inputs[0]).toBe(encoded);
    }
  });

  it('all decoder layers are identical (one shape key), as are all encoder layers: the bias tables sit in the embedding blocks', () => {
    const keys = (prefix: string) => new Set(g.blocks.filter((b) => b.name.startsWith(prefix)).map((b) => b.shapeKey));
    expect(keys('encoder.layers.').size).toBe(1);
    expect(keys('decoder.layers.').size).toBe(1);
  });
});

describe('t5-small FLOPs, batch 1, 512 input and 128 target tokens, derived by hand', () => {
  const g = graph('t5-small');
  const f = stepFlops(g, { microBatch: 1 });
  const [h, heads, d, ff, V, L] = [512, 8, 64, 2048, 32128, 6];
  const inner = heads * d;
  // multiply-adds of the contractions
  const encoderLayer = 4 * S * h * inner + 2 * S * h * ff + 2 * heads * S * S * d;
  const decoderLayer =
    4 * T * h * inner + // self-attention q, k, v, o
    2 * T * h * inner + // cross-attention q (decoder tokens) and o
    2 * S * h * inner + // cross-attention k and v (encoder tokens)
    2 * T * h * ff + // FFN
    2 * heads * T * T * d + // self-attention QKᵀ and PV
    2 * heads * T * S * d; // cross-attention QKᵀ and PV: t queries against s keys
  const head = T * h * V;
  const macs = L * encoderLayer + L * decoderLayer + head;

  it(`contraction MACs are the derivation (${macs.toLocaleString('en-US')}); forward FLOPs twice that`, () => {
    expect(f.macs).toBe(macs);
    expect(f.matmul.forward).toBe(2 * macs);
  });

  it('the weight FLOPs follow 2·N·tokens per matrix with its own token count (6·N·tokens over the step)', () => {
    // each weight matrix meets the tokens of its stream: the encoder's s, the decoder's t, cross k/v the encoder's s
    const N = (rows: number) => rows * h; // parameters per token row of one h-wide matrix
    const weightMacs = L * (4 * S * N(inner) + 2 * S * N(ff)) + L * (6 * T * N(inner) + 2 * S * N(inner) + 2 * T * N(ff)) + T * N(V);
    expect(f.matmul.weightGrad).toBe(2 * weightMacs);
    // every input gradient runs except the embeddings' (their inputs are ids)
    const attention = L * 2 * heads * S * S * d + L * (2 * heads * T * T * d + 2 * heads * T * S * d);
    expect(f.matmul.inputGrad).toBe(2 * weightMacs + 4 * attention);
  });

  it("cross-attention's cost rule: 4·heads·t·s·d FLOPs forward, 8· backward, and T5's unscaled, biased scores", () => {
    const cross = block(g, 'decoder.layers.0').ops.find((o) => o.name === 'decoder.layers.0.cross.sdpa') as Op<'attention'>;
    expect(cross.attrs).toMatchObject({ queryLen: T, keyLen: S, causal: false, unscaled: true, scoreAdds: 1 });
    const scores = heads * T * S;
    const r = RULES_BY_KIND.attention.flops(cross.attrs);
    // the bias add replaces the scale (1 forward, nothing backward); softmax 5 + 4; dropout 1 + 1
    expect(r.forward).toBe(4 * heads * T * S * d + scores * (1 + 5 + 1));
    expect(r.inputGrad).toBe(8 * heads * T * S * d + scores * (0 + 4 + 1));
  });
});

describe('memory: the encoder output is held once, by the block that makes it', () => {
  const summary = (g: Graph, name: string) =>
    summarizeBlock({ block: block(g, name), role: 'train', upstreamTrains: true, policy: 'none', profile: pytorchProfile, dtype: 'bf16', attention: 'flash' });
  const encodedBytes = 2 * S * 512; // bf16, per sample

  it('the final encoder norm keeps its output for the decoder; no decoder layer counts it again', () => {
    const g = graph('t5-small');
    const producer = summary(g, 'encoder.final_norm');
    expect(producer.savesOutput).toBe(true);
    const readers = [0, 1, 5].map((i) => summary(g, `decoder.layers.${i}`).held.d);
    // the same layers, had they each kept the encoder output as their own saved input
    const plain = graph('t5-small');
    delete block(plain, 'encoder.final_norm').output.readLater;
    expect(summary(plain, 'encoder.final_norm').held.d).toBe(producer.held.d - encodedBytes);
    expect([0, 1, 5].map((i) => summary(plain, `decoder.layers.${i}`).held.d)).toEqual(readers.map((r) => r + encodedBytes));
  });

  it('a plan of t5-base fits and grows with the target length', () => {
    const req = (targetLen: number) => plan(request(spec('t5-base'), { gpu: gpuById('a100-40gb'), seqLen: S, targetLen, microBatch: 8 }));
    const short = req(64);
    const long = req(256);
    expect(short.fits).toBe(true);
    expect(long.peakBytes).toBeGreaterThan(short.peakBytes);
  });
});
