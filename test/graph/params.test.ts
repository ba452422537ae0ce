// Exact parameter counts against published numbers (HF model cards / safetensors metadata, torchvision).

import { describe, expect, it } from 'vitest';
import { countParams } from '../../src/cost/params.js';
import { buildGraph } from '../../src/graph/build.js';
import type { ModelSpec } from '../../src/model/types.js';
import { bert, gpt2, llama2_13b, llama2_70b, llama2_7b, llama3_70b, llama3_8b, mistral7b, resnet, vit } from './specs.js';

const total = (spec: ModelSpec) => countParams(buildGraph(spec, { seqLen: 128 })).total;

describe('published parameter counts', () => {
  const cases: [ModelSpec, number][] = [
    [llama2_7b, 6_738_415_616],
    [llama2_13b, 13_015_864_320],
    [llama2_70b, 68_976_648_192],
    [mistral7b, 7_241_732_096],
    [llama3_8b, 8_030_261_248],
    [llama3_70b, 70_553_706_496],
    [gpt2('gpt2', 768, 12, 12), 124_439_808],
    [gpt2('gpt2-medium', 1024, 24, 16), 354_823_168],
    [gpt2('gpt2-large', 1280, 36, 20), 774_030_080],
    [gpt2('gpt2-xl', 1600, 48, 25), 1_557_611_200],
    [bert('bert-base', 768, 12, 12, 'none'), 109_482_240],
    [bert('bert-large', 1024, 24, 16, 'none'), 335_141_888],
    [vit('vit-b-16', 768, 12, 12), 86_567_656],
    [vit('vit-l-16', 1024, 24, 16), 304_326_632],
    [resnet('resnet-18', 'basic', [2, 2, 2, 2]), 11_689_512],
    [resnet('resnet-50', 'bottleneck', [3, 4, 6, 3]), 25_557_032],
    [resnet('resnet-101', 'bottleneck', [3, 4, 23, 3]), 44_549_160],
  ];
  for (const [spec, expected] of cases) {
    it(`${spec.name}: ${expected.toLocaleString('en-US')}`, () => {
      expect(total(spec)).toBe(expected);
    });
  }
});

describe('parameter breakdown', () => {
  it('by-block counts sum to the total; the LM head of an untied model holds vocab·hidden', () => {
    const c = countParams(buildGraph(llama2_7b, { seqLen: 16 }));
    expect(c.byBlock.reduce((s, b) => s + b.params, 0)).toBe(c.total);
    expect(c.byBlock.find((b) => b.name === 'lm_head')!.params).toBe(32000 * 4096);
    expect(c.embedding).toBe(32000 * 4096);
    expect(c.nonEmbedding).toBe(c.total - c.embedding);
  });

  it('a tied LM head holds no parameters; embedding = token + position tables', () => {
    const c = countParams(buildGraph(gpt2('gpt2', 768, 12, 12), { seqLen: 16 }));
    expect(c.byBlock.find((b) => b.name === 'lm_head')!.params).toBe(0);
    expect(c.embedding).toBe(50257 * 768 + 1024 * 768);
  });

  it('parameter counts do not depend on the sequence length', () => {
    const a = countParams(buildGraph(llama2_7b, { seqLen: 16 })).total;
    const b = countParams(buildGraph(llama2_7b, { seqLen: 4096 })).total;
    expect(a).toBe(b);
  });

  it('BERT MLM head: transform + LayerNorm + vocab bias, decoder tied (BertForMaskedLM 109,514,298)', () => {
    expect(total(bert('bert-base-mlm', 768, 12, 12, 'mlm'))).toBe(109_514_298);
  });
});
