// Parameter counts of the catalog models, the HF fixtures and the inline configs against published counts:
// the spec files and the importer must describe the real networks, to the parameter.
import { describe, expect, it } from 'vitest';
import { countParams } from '../../src/cost/params.js';
import { buildGraph } from '../../src/graph/build.js';
import { importHfConfig } from '../../src/model/hf/index.js';
import { loadModel } from '../../src/model/load.js';
import type { ModelSpec } from '../../src/model/types.js';
import { fixture } from './helpers.js';
import { INLINE } from './inline-configs.js';

const params = (spec: ModelSpec) => countParams(buildGraph(spec, { seqLen: 128 })).total;

// Model cards / papers / torchvision and transformers counts (see docs/spec-format.md and the files' `source`).
const CATALOG: Record<string, number> = {
  'llama-2-7b': 6_738_415_616,
  'llama-2-13b': 13_015_864_320,
  'llama-2-70b': 68_976_648_192,
  'llama-3-8b': 8_030_261_248,
  'llama-3.1-8b': 8_030_261_248,
  'llama-3-70b': 70_553_706_496,
  'mistral-7b': 7_241_732_096,
  // the n_params of its GGUF conversion and the sums of its safetensors shards (model card: 12.2B)
  'mistral-nemo-12b': 12_247_782_400,
  // keras-hub presets mixtral_8_7b_en and qwen1.5_moe_2.7b_en; deepseek-moe-16b: test/fixtures/moe/SOURCES.md
  'mixtral-8x7b': 46_702_792_704,
  'qwen1.5-moe-a2.7b': 14_315_784_192,
  'deepseek-moe-16b': 16_375_728_128,
  gpt2: 124_439_808,
  'gpt2-medium': 354_823_168,
  'gpt2-large': 774_030_080,
  'gpt2-xl': 1_557_611_200,
  'bert-base': 109_482_240,
  'bert-large': 335_141_888,
  'vit-b16': 86_567_656,
  'vit-l16': 304_326_632,
  'resnet-18': 11_689_512,
  'resnet-50': 25_557_032,
  'resnet-101': 44_549_160,
  // torchvision's ConvNeXt_{Tiny,Small,Base}_Weights.IMAGENET1K_V1 meta["num_params"] (torchvision/models/convnext.py)
  'convnext-tiny': 28_589_128,
  'convnext-small': 50_223_688,
  'convnext-base': 88_591_464,
  // KerasNLP's T5 presets (keras_nlp/models/t5/t5_presets.py: t5_small, t5_base, t5_large "params"), the counts of
  // T5ForConditionalGeneration with its LM head tied. flan-t5-base: transformers' num_parameters() as printed in
  // PEFT tutorials and fusion_bench's docs (247,577,856), also keras-hub's t5_1.1_base preset (the same network).
  // By hand (t5-small): shared 32128·512 = 16,449,536; encoder layer 4·512² + 2·512·2048 + 2·512 = 3,146,752, six of
  // them plus the 32×8 bias table and the final norm 18,881,280; decoder layer 8·512² + 2·512·2048 + 3·512 =
  // 4,195,840, six plus 256 + 512 = 25,175,808; total 60,506,624.
  // torchvision's Swin_T_Weights.IMAGENET1K_V1 meta["num_params"] (torchvision/models/swin_transformer.py)
  'swin-t': 28_288_354,
  't5-small': 60_506_624,
  't5-base': 222_903_552,
  't5-large': 737_668_096,
  'flan-t5-base': 247_577_856,
};

// test/fixtures/hf-configs/SOURCES.md
const FIXTURES: Record<string, number> = {
  'llama-2-7b.json': 6_738_415_616,
  'llama-2-70b.json': 68_976_648_192,
  'mistral-7b-v0.1.json': 7_241_732_096,
  'gpt2.json': 124_439_808,
  'vit-base-patch16-224.json': 86_567_656,
  't5-small.json': 60_506_624,
  't5-base.json': 222_903_552,
  'flan-t5-base.json': 247_577_856,
  // The hub page of facebook/convnext-tiny-224 shows 28.6M (its safetensors metadata, rounded); no exact HF figure
  // was found. HF's ConvNextForImageClassification has torchvision's modules one for one (src/model/hf/convnext.ts),
  // so its count is torchvision's published 28,589,128, which also follows by hand: stem 3·96·16 + 96 + 2·96;
  // per block of width C: 49C + C (depthwise) + 2C (norm) + 4C² + 4C + 4C² + C (linears) + C (layer scale); before
  // stages 2-4: 2·Cin + 4·Cin·Cout + Cout; head 2·768 + 768·1000 + 1000.
  'convnext-tiny-224.json': 28_589_128,
};

describe('published parameter counts', () => {
  it.each(Object.entries(CATALOG))('catalog %s has %i parameters', (name, published) => {
    expect(params(loadModel(name).spec)).toBe(published);
  });

  it.each(Object.entries(FIXTURES))('HF fixture %s imports to %i parameters', (file, published) => {
    expect(params(loadModel(fixture(file)).spec)).toBe(published);
  });

  // The fixture's architecture is BertForMaskedLM (no pooler; MLM head: transform dense + LayerNorm + a
  // 30522-entry decoder bias, the decoder weight tied to the word embeddings). The published 109,482,240 is the
  // BertModel count (with pooler, without the MLM head), so we compare the same network: the imported encoder
  // with the BertModel head configuration.
  it('HF fixture bert-base-uncased.json, as BertModel (pooler, no head), has 109,482,240 parameters', () => {
    const spec = loadModel(fixture('bert-base-uncased.json')).spec;
    expect(spec.family).toBe('encoder');
    expect(params({ ...spec, pooler: true, head: 'none' } as ModelSpec)).toBe(109_482_240);
    // ...and the MLM network differs by exactly: - pooler (768*768 + 768) + transform (768*768 + 768) + LayerNorm
    // (2*768) + decoder bias (30522).
    expect(params(spec)).toBe(109_482_240 + 2 * 768 + 30_522);
  });

  // Inline configs (test/model/inline-configs.ts). Sources: keras-hub presets (gemma_2b_en 2,506,172,416;
  // phi3_mini_4k_instruct_en 3,821,079,552), the Qwen2-0.5B model page (494M; the exact count is the sum of
  // its safetensors shapes), ViT-B/16-in21k's model page (86.4M = ViT-B/16 without classifier, with pooler),
  // microsoft/resnet-* = torchvision counts; microsoft/swin-tiny-patch4-window7-224: 28.3M on its model page, HF's
  // modules being torchvision's swin_t ones (src/model/hf/swin.ts), whose published count is 28,288,354.
  it.each([
    ['qwen2', 494_032_768],
    ['gemma', 2_506_172_416],
    ['phi3', 3_821_079_552],
    ['vitModel', 86_389_248],
    ['resnet50', 25_557_032],
    ['resnet18', 11_689_512],
    ['swinTiny', 28_288_354],
  ] as const)('inline %s imports to %i parameters', (key, published) => {
    expect(params(importHfConfig(INLINE[key], `${key}.json`))).toBe(published);
  });
});
