// BertModel, BertForMaskedLM, BertForSequenceClassification. Defaults of transformers' BertConfig: vocab 30522,
// hidden 768, 12 layers, 12 heads, intermediate 3072, gelu (erf), hidden_dropout_prob 0.1,
// attention_probs_dropout_prob 0.1, 512 positions, type_vocab_size 2, position_embedding_type "absolute".
// Heads as the modeling code builds them: BertModel has the pooler (add_pooling_layer=True); BertForMaskedLM
// builds BertModel(add_pooling_layer=False) plus the MLM head; BertForSequenceClassification has the pooler plus
// a linear classifier over num_labels.
import type { EncoderSpec } from '../types.js';
import type { HfReader } from './reader.js';

export const BERT_ARCHITECTURES = ['BertModel', 'BertForMaskedLM', 'BertForSequenceClassification'] as const;
export type BertArchitecture = (typeof BERT_ARCHITECTURES)[number];

export function mapBert(r: HfReader, base: { name: string; source: string }, arch: BertArchitecture): EncoderSpec {
  const positions = r.str('position_embedding_type', 'absolute');
  if (positions !== 'absolute') {
    r.fail('position_embedding_type', `only "absolute" position embeddings are supported, got "${positions}"`);
  }
  const hidden = r.prob('hidden_dropout_prob', 0.1);
  const heads =
    arch === 'BertModel'
      ? { pooler: true, head: 'none' as const }
      : arch === 'BertForMaskedLM'
        ? { pooler: false, head: 'mlm' as const }
        : { pooler: true, head: 'classifier' as const, numLabels: r.numLabels() };
  return {
    ...base,
    family: 'encoder',
    hiddenSize: r.int('hidden_size', 768),
    numLayers: r.int('num_hidden_layers', 12),
    numHeads: r.int('num_attention_heads', 12),
    intermediateSize: r.int('intermediate_size', 3072),
    activation: r.activation('hidden_act', 'gelu'),
    vocabSize: r.int('vocab_size', 30522),
    maxPositions: r.int('max_position_embeddings', 512),
    typeVocabSize: typeVocab(r),
    ...heads,
    dropout: { embedding: hidden, attention: r.prob('attention_probs_dropout_prob', 0.1), residual: hidden },
  };
}

// type_vocab_size may be 0 (no segment embeddings), which HfReader.int would reject.
function typeVocab(r: HfReader): number {
  if (!r.has('type_vocab_size')) return 2;
  const v = r.json.type_vocab_size;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) r.fail('type_vocab_size', `must be a non-negative integer, got ${JSON.stringify(v)}`);
  return v;
}
