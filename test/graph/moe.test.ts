// Mixture-of-experts decoders (Mixtral-8x7B, Qwen1.5-MoE-A2.7B) from their config.json: exact published
// totals, active parameters from the architecture (rounding to the published 12.9 B and 2.7 B), forward MACs
// that follow top-k routing, router and expert activations, and expert weights under each placement.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepFlops } from '../../src/cost/flops.js';
import { countParams } from '../../src/cost/params.js';
import { buildGraph } from '../../src/graph/build.js';
import { importHfConfig } from '../../src/model/hf/index.js';
import type { DecoderSpec } from '../../src/model/types.js';
import { ROOT, segplan } from '../cli/run.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'moe');
const load = (file: string) => importHfConfig(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')), file) as DecoderSpec;
const mixtral = load('mixtral-8x7b-v0.1.json');
const qwen = load('qwen1.5-moe-a2.7b.json');
const deepseek = load('deepseek-moe-16b.json');
const counts = (spec: DecoderSpec) => countParams(buildGraph(spec, { seqLen: 16 }));

describe('MoE parameter counts (test/fixtures/moe/SOURCES.md)', () => {
  it('Mixtral-8x7B: 46,702,792,704 in total; active = attention + router + 2 of 8 experts per layer', () => {
    const c = counts(mixtral);
    expect(c.total).toBe(46_702_792_704);
    const [h, ff, L, V] = [4096, 14336, 32, 32000];
    const attention = h * h * 2 + 2 * h * 1024; // q, o; k, v with 8 key/value heads of 128
    const expert = 3 * h * ff;
    const perLayer = attention + h * 8 /* router */ + 2 * h; /* norms */
    expect(c.active).toBe(L * (perLayer + 2 * expert) + 2 * V * h + h);
    expect(c.total).toBe(L * (perLayer + 8 * expert) + 2 * V * h + h);
    expect((c.active / 1e9).toFixed(1)).toBe('12.9'); // Mistral AI: "12.9B active parameters"
  });

  it('Qwen1.5-MoE-A2.7B: 14,315,784,192 in total; 2.7 B activated (4 of 60 experts + the shared one)', () => {
    const c = counts(qwen);
    expect(c.total).toBe(14_315_784_192);
    const [h, L, V] = [2048, 24, 151936];
    const attention = 3 * (h * h + h) + h * h; // q, k, v with biases; o without
    const perLayer = attention + 60 * h + 3 * h * 5632 + h /* shared gate */ + 2 * h;
    expect(c.active).toBe(L * (perLayer + 4 * 3 * h * 1408) + 2 * V * h + h);
    expect((c.active / 1e9).toFixed(1)).toBe('2.7'); // model card: "2.7B activated parameters"
  });
});

describe('DeepSeek-MoE 16B: a dense first layer, two ungated shared experts', () => {
  it('16,375,728,128 parameters; active = 6 of 64 routed experts + the shared ones (published 2.8 B)', () => {
    const c = counts(deepseek);
    expect(c.total).toBe(16_375_728_128);
    const [h, L, V, e] = [2048, 28, 102400, 3 * 2048 * 1408];
    const attention = 4 * h * h;
    const denseLayer = attention + 3 * h * 10944 + 2 * h;
    const moeLayer = (routed: number) => attention + 64 * h + routed * e + 2 * e /* 2 shared experts */ + 2 * h;
    expect(c.total).toBe(denseLayer + (L - 1) * moeLayer(64) + 2 * V * h + h);
    expect(c.active).toBe(denseLayer + (L - 1) * moeLayer(6) + 2 * V * h + h);
    expect((c.active / 1e9).toFixed(1)).toBe('2.8');
  });

  it('routes from the second layer on and adds the shared experts without a gate', () => {
    const g = buildGraph(deepseek, { seqLen: 8 });
    const ops = (name: string) => g.blocks.find((b) => b.name === name)!.ops.map((o) => o.name);
    expect(ops('layers.0')).toContain('layers.0.mlp.gate');
    expect(ops('layers.0').some((n) => n.includes('moe'))).toBe(false);
    expect(ops('layers.1')).toContain('layers.1.moe.route');
    expect(ops('layers.1')).toContain('layers.1.moe.shared.down');
    expect(ops('layers.1')).not.toContain('layers.1.moe.shared_gate');
  });
});

describe('MoE configs', () => {
  it('refuse routing to more experts than there are, naming the file and the field', () => {
    const json = { ...JSON.parse(readFileSync(join(FIXTURES, 'mixtral-8x7b-v0.1.json'), 'utf8')), num_experts_per_tok: 9 };
    expect(() => importHfConfig(json, 'mixtral.json')).toThrow('mixtral.json: at /moe/topK: routes each token to 9 experts but there are 8');
  });
});

describe('MoE FLOPs follow top-k routing', () => {
  const macsPerToken = (spec: DecoderSpec, seqLen = 64) => stepFlops(buildGraph(spec, { seqLen }), { microBatch: 1 }).macs / seqLen;

  it('each routed expert a token visits adds one expert MLP of multiply-accumulates per token, per layer', () => {
    const top1 = macsPerToken({ ...mixtral, moe: { ...mixtral.moe!, topK: 1 } });
    const top2 = macsPerToken(mixtral);
    expect(top2 - top1).toBe(32 * 3 * 4096 * 14336);
    // more experts to choose from cost nothing per token (only the router widens)
    const wide = macsPerToken({ ...mixtral, moe: { ...mixtral.moe!, experts: 16 } });
    expect(wide - top2).toBe(32 * 4096 * 8);
  });

  it('linear MACs per token equal the active weights a token multiplies (no attention scores)', () => {
    for (const spec of [mixtral, qwen]) {
      const g = buildGraph(spec, { seqLen: 64 });
      const linear = g.blocks.flatMap((b) => b.ops).flatMap((op) => (op.kind === 'linear' ? [op.attrs] : []));
      const macs = linear.reduce((s, a) => s + a.rows * (a.experts?.topK ?? 1) * a.inFeatures * a.outFeatures, 0) / 64;
      const c = countParams(g);
      const h = spec.hiddenSize;
      const norms = (2 * spec.numLayers + 1) * h;
      const biases = spec.bias.qkv ? spec.numLayers * (h + 2 * spec.numKvHeads * (h / spec.numHeads)) : 0;
      expect(macs).toBe(c.active - c.embedding - norms - biases);
    }
  });
});

describe('MoE memory', () => {
  it('keeps router probabilities (fp32), expert indices and one gathered copy of the routed tokens', async () => {
    const r = await segplan(['inspect', 'mixtral-8x7b', '--seq-len', '1024', '--checkpointing', 'none', '--json']);
    const layer = (JSON.parse(r.stdout).blocks as Array<{ name: string; ops: Array<{ name: string; savedBytes: number }> }>).find(
      (b) => b.name === 'layers.0',
    )!;
    const saved = (name: string) => layer.ops.find((o) => o.name === `layers.0.moe.${name}`)!.savedBytes;
    expect(saved('route')).toBe(1024 * 8 * 4 + 1024 * 2 * 8);
    expect(saved('experts.gate')).toBe(1024 * 2 * 4096 * 2); // bf16 tokens, 2 per token
    expect(saved('experts.up')).toBe(0); // the same gathered copy
    expect(saved('experts.down')).toBe(1024 * 2 * 14336 * 2);
  });

  it('holds every expert: replicated, sharded over the GPUs, or in host memory', async () => {
    const weights = async (strategy: string) => {
      const p = JSON.parse(
        (await segplan(['plan', 'mixtral-8x7b', '--gpu', 'h100-sxm', '--gpus', '8', '--strategy', strategy, '--micro-batch', '1', '--json'])).stdout,
      );
      return { gpu: p.stages[0].memory.weights, host: p.stages[0].memory.hostBytes };
    };
    expect((await weights('e2e')).gpu).toBe(2 * 46_702_792_704);
    expect((await weights('fsdp')).gpu).toBe((2 * 46_702_792_704) / 8);
    const off = await weights('fsdp-offload');
    expect(off.gpu).toBe(0);
    expect(off.host).toBe(16 * 46_702_792_704); // ZeRO's 16 bytes of mixed-precision Adam state per parameter
  });
});
