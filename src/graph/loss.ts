// The loss block every family ends with: softmax cross-entropy of `rows` logit vectors against integer
// labels. The labels are a second model input (int64); the output is the scalar loss.
//
// `chunked` is torchtune's CEWithChunkedOutputLoss (torchtune/modules/loss/ce_chunked_output_loss.py): the
// tokens are split into `num_output_chunks` = 8 chunks (its default) with `torch.chunk`, and each chunk's
// logits are up-cast to fp32 and go through F.cross_entropy on their own, so the fp32 copies and the backward's
// fp32 buffers exist for one chunk at a time (src/ops/kinds/cross-entropy/index.ts).
//
// `fused` is one softmax cross-entropy kernel on the logits in their own dtype (flash-attn's
// flash_attn/losses/cross_entropy.py over xentropy_cuda_lib, after Apex's softmax_xentropy; llm-foundry's default
// `loss_fn: fused_crossentropy`): its forward writes a loss and a log-sum-exp per row, its backward the logits'
// gradient; no fp32 copy of the logits exists.

import type { LossImpl } from '../vocabulary.js';
import type { GraphBuilder } from './builder.js';
import type { Tensor } from './types.js';

const TORCHTUNE_OUTPUT_CHUNKS = 8;

export function lossBlock(b: GraphBuilder, logits: Tensor, rows: number, classes: number, impl: LossImpl = 'plain'): Tensor {
  b.begin('loss', 'loss', logits);
  const labels = b.tensor(rows, 'index', 'labels');
  // a sample with one row (a classifier) has no tokens to chunk
  const chunks = impl === 'chunked' ? Math.min(TORCHTUNE_OUTPUT_CHUNKS, rows) : 1;
  const attrs = impl === 'fused' ? { rows, classes, fused: true as const } : chunks > 1 ? { rows, classes, chunks } : { rows, classes };
  const loss = b.op('cross-entropy', 'loss', attrs, [logits, labels], 0, 'f32');
  loss.fixed = 1;
  return b.end(loss);
}
