// The loss block every family ends with: softmax cross-entropy of `rows` logit vectors against integer
// labels. The labels are a second model input (int64); the output is the scalar loss.
//
// `chunked` is torchtune's CEWithChunkedOutputLoss (torchtune/modules/loss/ce_chunked_output_loss.py): the
// tokens are split into `num_output_chunks` = 8 chunks (its default) with `torch.chunk`, and each chunk's
// logits are up-cast to fp32 and go through F.cross_entropy on their own, so the fp32 copies and the backward's
// fp32 buffers exist for one chunk at a time (src/ops/kinds/cross-entropy/index.ts).

import type { LossImpl } from '../vocabulary.js';
import type { GraphBuilder } from './builder.js';
import type { Tensor } from './types.js';

const TORCHTUNE_OUTPUT_CHUNKS = 8;

export function lossBlock(b: GraphBuilder, logits: Tensor, rows: number, classes: number, impl: LossImpl = 'plain'): Tensor {
  b.begin('loss', 'loss', logits);
  const labels = b.tensor(rows, 'index', 'labels');
  // a sample with one row (a classifier) has no tokens to chunk
  const chunks = impl === 'chunked' ? Math.min(TORCHTUNE_OUTPUT_CHUNKS, rows) : 1;
  const attrs = chunks > 1 ? { rows, classes, chunks } : { rows, classes };
  const loss = b.op('cross-entropy', 'loss', attrs, [logits, labels], 0, 'f32');
  loss.fixed = 1;
  return b.end(loss);
}
