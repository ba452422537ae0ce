// Registered buffers: tensors a module keeps on the GPU that are neither parameters nor activations. They live
// as long as the model (counted by max_memory_allocated), on every GPU: FSDP and DDP shard or reduce
// parameters, never buffers. Each buffer is its own allocation, so it occupies its 512-byte-rounded block.
//   BatchNorm2d         running_mean and running_var (C elements each, in the weights' dtype: Module.to casts
//                       floating buffers) and num_batches_tracked (one int64)       torch/nn/modules/batchnorm.py
//   Hugging Face GPT-2  each attention layer's causal mask `bias`, a bool max_positions × max_positions lower
//   (eager code)        triangle, and `masked_bias`, one fp32 scalar      transformers/models/gpt2/modeling_gpt2.py
// Decoders with rotary positions build their mask per forward (an activation), and fused kernels (the
// `pytorch` runtime's FlashAttention) need none.

import type { Graph } from '../graph/types.js';
import type { ModelSpec } from '../model/types.js';
import type { RuntimeName } from '../vocabulary.js';
import { blockBytes } from './allocator.js';

const INT64_BYTES = 8;
const BOOL_BYTES = 1;
const FP32_BYTES = 4;

/** Bytes of the registered buffers of `graph`'s modules under `runtime`, with weights of `weightBytes`. */
export function registeredBufferBytes(graph: Graph, model: ModelSpec, runtime: RuntimeName, weightBytes: number): number {
  if (runtime === 'tfjs') return 0;
  // a graph is built for one model: its buffers depend only on the runtime and the weights' dtype (sweeps ask often)
  const key = `${runtime}|${weightBytes}`;
  let byKey = known.get(graph);
  if (!byKey) known.set(graph, (byKey = new Map()));
  let bytes = byKey.get(key);
  if (bytes === undefined) byKey.set(key, (bytes = bufferBytesOf(graph, model, runtime, weightBytes)));
  return bytes;
}

const known = new WeakMap<Graph, Map<string, number>>();

function bufferBytesOf(graph: Graph, model: ModelSpec, runtime: RuntimeName, weightBytes: number): number {
  const gpt2Masks = runtime === 'pytorch-hf-eager' && model.family === 'decoder' && model.positions === 'learned';
  let bytes = 0;
  for (const block of graph.blocks) {
    for (const op of block.ops) {
      if (op.kind === 'batchnorm') {
        bytes += 2 * blockBytes(op.attrs.features * weightBytes) + blockBytes(INT64_BYTES);
      } else if (op.kind === 'attention' && gpt2Masks && op.attrs.causal && model.family === 'decoder') {
        bytes += blockBytes(model.maxPositions * model.maxPositions * BOOL_BYTES) + blockBytes(FP32_BYTES);
      }
    }
  }
  return bytes;
}
