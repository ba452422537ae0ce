// The loss block every family ends with: softmax cross-entropy of `rows` logit vectors against integer
// labels. The labels are a second model input (int64); the output is the scalar loss.

import type { GraphBuilder } from './builder.js';
import type { Tensor } from './types.js';

export function lossBlock(b: GraphBuilder, logits: Tensor, rows: number, classes: number): Tensor {
  b.begin('loss', 'loss', logits);
  const labels = b.tensor(rows, 'index', 'labels');
  const loss = b.op('cross-entropy', 'loss', { rows, classes }, [logits, labels], 0, 'f32');
  loss.fixed = 1;
  return b.end(loss);
}
