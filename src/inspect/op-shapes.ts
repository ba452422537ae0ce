// Per-sample tensor shapes of an op's input and output, read from its attributes (the batch dimension is
// left out, as everywhere in the graph: shapes are for one sample).
import type { AnyOp } from '../graph/types.js';

export interface OpShapes {
  input: string;
  output: string;
}

const dims = (...d: number[]) => `[${d.join(', ')}]`;

export function opShapes(op: AnyOp): OpShapes {
  switch (op.kind) {
    case 'linear': {
      const a = op.attrs;
      // a bank of experts runs each row through top-k of them: rows·k rows out (and in, after the first)
      const k = a.experts?.topK ?? 1;
      const inRows = op.inputs[0] && op.inputs[0].perSample === a.rows * k * a.inFeatures ? a.rows * k : a.rows;
      return { input: dims(inRows, a.inFeatures), output: dims(a.rows * k, a.outFeatures) };
    }
    case 'router':
      return { input: dims(op.attrs.rows, op.attrs.experts), output: dims(op.attrs.rows, op.attrs.topK) };
    case 'moe-combine': {
      const a = op.attrs;
      return { input: `${dims(a.rows, a.topK, a.features)}, weights ${dims(a.rows, a.topK)}${a.shared ? ', shared' : ''}`, output: dims(a.rows, a.features) };
    }
    case 'matmul': {
      const { count, m, k, n } = op.attrs;
      return { input: `${dims(count, m, k)} @ ${dims(count, k, n)}`, output: dims(count, m, n) };
    }
    case 'attention': {
      const a = op.attrs;
      return { input: `q ${dims(a.heads, a.queryLen, a.headDim)}, kv ${dims(a.kvHeads, a.keyLen, a.headDim)}`, output: dims(a.heads, a.queryLen, a.headDim) };
    }
    case 'conv2d': {
      const a = op.attrs;
      return { input: dims(a.inChannels, a.inH, a.inW), output: dims(a.outChannels, a.outH, a.outW) };
    }
    case 'pool': {
      const a = op.attrs;
      return { input: dims(a.channels, a.inH, a.inW), output: dims(a.channels, a.outH, a.outW) };
    }
    case 'global-avgpool':
      return { input: dims(op.attrs.channels, op.attrs.inH, op.attrs.inW), output: dims(op.attrs.channels) };
    case 'embedding':
      return { input: dims(op.attrs.tokens), output: dims(op.attrs.tokens, op.attrs.dim) };
    case 'layernorm':
    case 'rmsnorm':
    case 'batchnorm':
      return { input: dims(op.attrs.rows, op.attrs.features), output: dims(op.attrs.rows, op.attrs.features) };
    case 'cross-entropy':
      return { input: dims(op.attrs.rows, op.attrs.classes), output: dims(1) };
    default:
      // elementwise ops and learned additions: only their element count is known
      return { input: dims(op.inputs[0]?.perSample ?? 0), output: dims(op.output.perSample) };
  }
}
