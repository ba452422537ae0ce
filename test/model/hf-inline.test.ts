// Imports of architectures without a fixture file, from small configs carrying the published values, plus the
// defaults and the errors of the importer.
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../src/errors.js';
import { importHfConfig, supportedArchitectures } from '../../src/model/hf/index.js';
import type { DecoderSpec } from '../../src/model/types.js';
import { errorOf } from './helpers.js';
import { INLINE } from './inline-configs.js';

const imp = (json: unknown) => importHfConfig(json, 'config.json');
/** imp, for a config that must import as a decoder (whose fields the test then reads) */
const decoder = (json: unknown): DecoderSpec => {
  const spec = imp(json);
  if (spec.family !== 'decoder') throw new Error(`imported as ${spec.family}, not decoder`);
  return spec;
};
const err = (json: unknown) => {
  const e = errorOf(() => importHfConfig(json, 'c.json'));
  expect(e).toBeInstanceOf(SpecError);
  return e.message;
};

describe('HF import of inline configs', () => {
  it('Qwen2-0.5B: qkv bias but no o-proj bias, 2 kv heads, tied', () => {
    expect(imp(INLINE.qwen2)).toMatchObject({
      name: 'Qwen2-0.5B',
      family: 'decoder',
      numHeads: 14,
      numKvHeads: 2,
      bias: { qkv: true, attnOut: false, mlp: false, norm: false, lmHead: false },
      tiedEmbeddings: true,
      vocabSize: 151936,
    });
  });

  it('Gemma-2b: head_dim 256 = hidden/heads is left implicit, MQA, GeGLU with tanh gelu, tied', () => {
    const spec = decoder(INLINE.gemma);
    expect(spec).toMatchObject({ numHeads: 8, numKvHeads: 1, activation: 'gelu_tanh', mlp: 'gated', tiedEmbeddings: true });
    expect(spec.headDim).toBeUndefined();
  });

  it('Gemma defaults: head_dim 256 is kept where it differs from hidden/heads (Gemma-7B), tie defaults to true', () => {
    const spec = imp({ architectures: ['GemmaForCausalLM'], model_type: 'gemma' });
    expect(spec).toMatchObject({ hiddenSize: 3072, numHeads: 16, headDim: 256, tiedEmbeddings: true, vocabSize: 256000 });
  });

  it('Phi-3-mini: no biases, untied, silu, MHA', () => {
    expect(imp(INLINE.phi3)).toMatchObject({
      numHeads: 32,
      numKvHeads: 32,
      vocabSize: 32064,
      tiedEmbeddings: false,
      activation: 'silu',
      bias: { qkv: false, attnOut: false, mlp: false },
    });
  });

  it('Phi-3 dropouts come from embd_pdrop, attention_dropout, resid_pdrop', () => {
    const spec = decoder({ ...INLINE.phi3, embd_pdrop: 0.1, attention_dropout: 0.2, resid_pdrop: 0.3 });
    expect(spec.dropout).toEqual({ embedding: 0.1, attention: 0.2, residual: 0.3 });
  });

  it('ViTModel (in21k): pooler, no classifier', () => {
    expect(imp(INLINE.vitModel)).toMatchObject({ family: 'vit', pooler: true, numClasses: 0, name: 'vit-base-patch16-224-in21k' });
  });

  it('ResNet-50 and ResNet-18 (microsoft/resnet-*) map to torchvision-style ResNets', () => {
    expect(imp(INLINE.resnet50)).toMatchObject({
      family: 'resnet',
      block: 'bottleneck',
      layers: [3, 4, 6, 3],
      stem: 'imagenet',
      baseWidth: 64,
      numClasses: 1000,
      imageSize: 224,
      channels: 3,
    });
    expect(imp(INLINE.resnet18)).toMatchObject({ block: 'basic', layers: [2, 2, 2, 2], numClasses: 1000 });
  });

  it('fills each architecture’s defaults for missing keys', () => {
    expect(imp({ architectures: ['LlamaForCausalLM'] })).toMatchObject({ numKvHeads: 32, maxPositions: 2048, tiedEmbeddings: false });
    expect(imp({ architectures: ['MistralForCausalLM'] })).toMatchObject({ numKvHeads: 8, maxPositions: 131072 });
    expect(imp({ architectures: ['LlamaForCausalLM'], num_attention_heads: 16, hidden_size: 2048 })).toMatchObject({ numKvHeads: 16 });
    expect(imp({ architectures: ['LlamaForCausalLM'], tie_word_embeddings: true, attention_bias: true })).toMatchObject({
      tiedEmbeddings: true,
      bias: { qkv: true, attnOut: true, mlp: false },
    });
    expect(imp({ architectures: ['GPT2LMHeadModel'], n_embd: 1024, n_head: 16 })).toMatchObject({ intermediateSize: 4096, numKvHeads: 16 });
    expect(imp({ architectures: ['BertModel'] })).toMatchObject({ pooler: true, head: 'none', hiddenSize: 768 });
    expect(imp({ architectures: ['BertForSequenceClassification'], num_labels: 3 })).toMatchObject({
      pooler: true,
      head: 'classifier',
      numLabels: 3,
    });
    expect(imp({ architectures: ['ViTForImageClassification'] })).toMatchObject({ numClasses: 2, pooler: false });
    expect(imp({ model_type: 'resnet' })).toMatchObject({ block: 'bottleneck', layers: [3, 4, 6, 3], numClasses: 2 });
    expect(imp({ model_type: 'qwen2' })).toMatchObject({ numKvHeads: 32, vocabSize: 151936 });
  });

  it('names a plain config.json after its folder', () => {
    expect(importHfConfig({ model_type: 'gpt2' }, 'models--x/my-gpt/config.json').name).toBe('my-gpt');
  });
});

describe('HF import errors', () => {
  it('an unknown architecture lists the supported ones', () => {
    const m = err({ architectures: ['BartForConditionalGeneration'], model_type: 'bart' });
    expect(m).toBe(`c.json: at /architectures: unsupported architecture "BartForConditionalGeneration" (supported: ${supportedArchitectures().join(', ')})`);
    for (const a of [
      'LlamaForCausalLM',
      'MistralForCausalLM',
      'Qwen2ForCausalLM',
      'GemmaForCausalLM',
      'Phi3ForCausalLM',
      'GPT2LMHeadModel',
      'BertModel',
      'BertForMaskedLM',
      'ViTModel',
      'ViTForImageClassification',
      'ResNetForImageClassification',
      'T5ForConditionalGeneration',
    ]) {
      expect(m).toContain(a);
    }
  });

  it("T5's feed_forward_proj must be {act} or gated-{act}, with an activation segplan knows", () => {
    expect(err({ model_type: 't5', feed_forward_proj: 'gelu-gated' })).toBe(
      'c.json: at /feed_forward_proj: must be "{activation}" or "gated-{activation}", got "gelu-gated"',
    );
    expect(err({ model_type: 't5', feed_forward_proj: 'gated-mish' })).toMatch(
      /^c\.json: at \/feed_forward_proj: unsupported activation "mish" \(supported: gelu, /,
    );
    expect(importHfConfig({ model_type: 't5', feed_forward_proj: 'gated-silu' }, 'c.json')).toMatchObject({ mlp: 'gated', activation: 'silu' });
  });

  it('a ConvNeXt config the convnext family cannot describe is refused at the key that says so', () => {
    expect(err({ model_type: 'convnext', layer_scale_init_value: 0 })).toMatch(/^c\.json: at \/layer_scale_init_value: a ConvNeXt without layer scale/);
    expect(err({ model_type: 'convnext', hidden_act: 'relu' })).toMatch(/^c\.json: at \/hidden_act: only gelu ConvNeXts/);
    expect(err({ model_type: 'convnext', depths: [3, 3, 9] })).toBe('c.json: at /depths: has 3 stages, num_stages says 4');
  });

  it('a Swin config the swin family cannot describe is refused at the key that says so', () => {
    expect(err({ model_type: 'swin', mlp_ratio: 3 })).toBe('c.json: at /mlp_ratio: only an MLP of 4 × the width is supported, got 3');
    expect(err({ model_type: 'swin', use_absolute_embeddings: true })).toMatch(/^c\.json: at \/use_absolute_embeddings: /);
    expect(err({ model_type: 'swin', num_heads: [3, 6] })).toBe('c.json: at /num_heads: has 2 stages, depths has 4');
    expect(importHfConfig(INLINE.swinTiny, 'swin.json')).toMatchObject({ family: 'swin', embedDim: 96, stochasticDepth: 0.1, numClasses: 1000 });
  });

  it('an unknown model_type without architectures says so', () => {
    expect(err({ model_type: 'bart' })).toMatch(
      /^c\.json: at \/model_type: unsupported model_type "bart" and no "architectures" \(supported model types: llama, /,
    );
  });

  it('values of the wrong kind name their key', () => {
    expect(err({ architectures: ['LlamaForCausalLM'], hidden_size: '4096' })).toBe('c.json: at /hidden_size: must be a positive integer, got "4096"');
    expect(err({ architectures: ['GPT2LMHeadModel'], attn_pdrop: 1.5 })).toBe('c.json: at /attn_pdrop: must be a probability in [0, 1), got 1.5');
    expect(err({ architectures: ['LlamaForCausalLM'], hidden_act: 'mish' })).toMatch(
      /^c\.json: at \/hidden_act: unsupported activation "mish" \(supported: gelu, /,
    );
  });

  it('the imported spec is validated (kv heads must divide heads)', () => {
    expect(err({ architectures: ['LlamaForCausalLM'], num_key_value_heads: 5 })).toBe('c.json: at /numKvHeads: numKvHeads (5) must divide numHeads (32)');
  });

  it('ResNets the spec cannot represent are rejected with the key', () => {
    expect(err({ ...INLINE.resnet50, downsample_in_first_stage: true })).toMatch(/^c\.json: at \/downsample_in_first_stage: /);
    expect(err({ ...INLINE.resnet50, downsample_in_bottleneck: true })).toMatch(/^c\.json: at \/downsample_in_bottleneck: ResNet v1/);
    expect(err({ ...INLINE.resnet50, hidden_sizes: [64, 128, 256, 512] })).toBe(
      'c.json: at /hidden_sizes: must be [256, 512, 1024, 2048] (embedding_size 64 x 4 x 2^stage) to match a standard ResNet, got [64, 128, 256, 512]',
    );
    expect(err({ ...INLINE.resnet50, depths: [3, 4, 6] })).toBe('c.json: at /hidden_sizes: has 4 stages but depths has 3');
    expect(err({ ...INLINE.resnet50, layer_type: 'preact' })).toMatch(/^c\.json: at \/layer_type: /);
  });

  it('BERT relative positions and non-tanh or resized ViT poolers are rejected', () => {
    expect(err({ architectures: ['BertModel'], position_embedding_type: 'relative_key' })).toMatch(/^c\.json: at \/position_embedding_type: /);
    expect(err({ ...INLINE.vitModel, pooler_output_size: 512 })).toMatch(/^c\.json: at \/pooler_output_size: /);
    expect(err({ ...INLINE.vitModel, pooler_act: 'relu' })).toMatch(/^c\.json: at \/pooler_act: /);
  });

  it('rejects a config that is not an object or has a malformed architectures list', () => {
    expect(err([1])).toBe('c.json: at /: a Hugging Face config must be a JSON object');
    expect(err({ architectures: 'LlamaForCausalLM' })).toBe('c.json: at /architectures: must be a non-empty list of architecture names');
  });
});
