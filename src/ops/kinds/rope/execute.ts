// The rotary embedding's TensorFlow.js implementation (validation executor).

import type { Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../../../validate/backend.js';
import { inPhase } from '../../../validate/measure/phase.js';
import type { OpImpl } from '../../execute.js';

/** cos and sin tables [T, 1, d] (half-split rotation, as Llama), built per use. */
function ropeTables(tf: Tf, tokens: number, d: number): [Tensor, Tensor] {
  const cos = new Float32Array(tokens * d);
  const sin = new Float32Array(tokens * d);
  for (let t = 0; t < tokens; t++) {
    for (let i = 0; i < d; i++) {
      const f = t / Math.pow(10000, (2 * (i % (d / 2))) / d);
      cos[t * d + i] = Math.cos(f);
      sin[t * d + i] = Math.sin(f);
    }
  }
  return [tf.tensor3d(cos, [tokens, 1, d]), tf.tensor3d(sin, [tokens, 1, d])];
}

/** [x1, x2] → [−x2, x1] on the last axis (sign = 1), or its transpose [x2, −x1] (sign = −1). */
function rotateHalf(tf: Tf, x: Tensor, sign: 1 | -1): Tensor {
  const d = x.shape[x.shape.length - 1]!; // x is [b, T, heads, d]
  const [x1, x2] = tf.split(x, [d / 2, d / 2], -1) as [Tensor, Tensor];
  return sign === 1 ? tf.concat([tf.neg(x2), x1], -1) : tf.concat([x2, tf.neg(x1)], -1);
}

// Rotary embedding on [b, T, heads, d]: x·cos + rotate(x)·sin. Keeps nothing (tables are rebuilt).
export const ropeImpl: OpImpl<'rope'> = {
  weights: () => [],
  forward({ tf, op, b, inputs }) {
    const d = op.attrs.headDim;
    const rows = op.attrs.elements / d;
    return {
      out: tf.tidy(() => {
        const tokens = ropeTokens(rows);
        const x = tf.reshape(inputs[0]!, [b, tokens, rows / tokens, d]);
        const [cos, sin] = ropeTables(tf, tokens, d);
        return tf.reshape(tf.add(tf.mul(x, cos), tf.mul(rotateHalf(tf, x, 1), sin)), [b, op.attrs.elements]);
      }),
      saved: [],
    };
  },
  backward({ tf, op, b, dy, needInput }) {
    if (!needInput[0]) return { inputs: [null], weights: [] };
    const d = op.attrs.headDim;
    const rows = op.attrs.elements / d;
    const dx = inPhase('inputGrad', () =>
      tf.tidy(() => {
        const tokens = ropeTokens(rows);
        const g = tf.reshape(dy, [b, tokens, rows / tokens, d]);
        const [cos, sin] = ropeTables(tf, tokens, d);
        return tf.reshape(tf.add(tf.mul(g, cos), rotateHalf(tf, tf.mul(g, sin), -1)), [b, op.attrs.elements]);
      }),
    );
    return { inputs: [dx], weights: [] };
  },
};

let ropeSeqLen = 0;
/** The executor tells rope the sequence length (the op only knows elements and head size). */
export function setRopeSeqLen(t: number): void {
  ropeSeqLen = t;
}
function ropeTokens(rows: number): number {
  if (!ropeSeqLen || rows % ropeSeqLen !== 0) throw new Error('rope: sequence length unknown');
  return ropeSeqLen;
}
