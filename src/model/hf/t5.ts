// T5ForConditionalGeneration (and the legacy name T5WithLMHeadModel of the original t5-small/base/large configs).
// Defaults of transformers' T5Config: vocab 32128, d_model 512, d_kv 64, d_ff 2048, 6 layers, num_decoder_layers
// = num_layers, 8 heads, 32 relative buckets, dropout_rate 0.1, feed_forward_proj "relu", tie_word_embeddings
// true. feed_forward_proj is "{act}" or "gated-{act}"; T5Config reads "gated-gelu" as gelu_new (the tanh
// approximation) for backward compatibility.
import type { EncoderDecoderSpec } from '../types.js';
import type { HfReader } from './reader.js';

export function mapT5(r: HfReader, base: { name: string; source: string }): EncoderDecoderSpec {
  const proj = r.str('feed_forward_proj', 'relu');
  const parts = proj.split('-');
  const gated = parts.length === 2 && parts[0] === 'gated';
  if (parts.length > 2 || (parts.length === 2 && !gated)) {
    r.fail('feed_forward_proj', `must be "{activation}" or "gated-{activation}", got "${proj}"`);
  }
  const activation = r.activationNamed('feed_forward_proj', proj === 'gated-gelu' ? 'gelu_new' : parts[parts.length - 1]!);
  const layers = r.int('num_layers', 6);
  const rate = r.prob('dropout_rate', 0.1);
  return {
    ...base,
    family: 'encoder-decoder',
    hiddenSize: r.int('d_model', 512),
    numLayers: layers,
    numDecoderLayers: r.int('num_decoder_layers', layers),
    numHeads: r.int('num_heads', 8),
    headDim: r.int('d_kv', 64),
    intermediateSize: r.int('d_ff', 2048),
    mlp: gated ? 'gated' : 'plain',
    activation,
    relativeBuckets: r.int('relative_attention_num_buckets', 32),
    vocabSize: r.int('vocab_size', 32128),
    tiedEmbeddings: r.bool('tie_word_embeddings', true),
    dropout: { embedding: rate, attention: rate, residual: rate },
  };
}
