// Softmax cross-entropy, mean over the rows: loss = mean(logsumexp(z) − z[label]).
// Keeps the logits and the per-row log-sum-exp; backward: (softmax(z) − onehot(label)) · dy / rows.

import type { Tensor } from '@tensorflow/tfjs-core';
import { inPhase } from '../../../validate/measure/phase.js';
import { free, type OpImpl } from '../../execute.js';

export const crossEntropyImpl: OpImpl<'cross-entropy'> = {
  weights: () => [],
  forward({ tf, op, b, inputs, labels }) {
    if (!labels) throw new Error('cross-entropy needs labels');
    const a = op.attrs;
    const n = b * a.rows;
    const z = tf.reshape(inputs[0]!, [n, a.classes]);
    const m = tf.max(z, 1, true);
    const sh = tf.sub(z, m);
    const e = tf.exp(sh);
    free(sh);
    const s = tf.sum(e, 1, true);
    free(e);
    const ls = tf.log(s);
    free(s);
    const lse = tf.add(ls, m);
    free(ls, m);
    // z[i, label_i] through the flat index i·classes + label_i (computed outside the step with the labels)
    const picked = tf.gather(tf.reshape(z, [n * a.classes]), labels);
    const diff = tf.sub(tf.reshape(lse, [n]), picked);
    free(picked);
    const total = tf.sum(diff);
    free(diff);
    const loss = tf.mul(total, 1 / n);
    free(total);
    return { out: loss, saved: [z, lse] };
  },
  backward({ tf, op, b, dy, saved, labels, needInput }) {
    if (!needInput[0]) return { inputs: [null], weights: [] };
    const a = op.attrs;
    const n = b * a.rows;
    const dx = inPhase('inputGrad', () => {
      const [z, lse] = saved as [Tensor, Tensor];
      const sh = tf.sub(z, lse);
      const p = tf.exp(sh);
      free(sh);
      const k = tf.scalar(a.classes, 'int32');
      const cls = tf.mod(labels!, k);
      free(k);
      const oh = tf.oneHot(cls, a.classes, 1, 0, 'float32');
      free(cls);
      const d = tf.sub(p, oh);
      free(p, oh);
      const scale = tf.mul(dy, 1 / n);
      const g = tf.mul(d, scale);
      free(d, scale);
      return tf.reshape(g, [b, a.rows * a.classes]);
    });
    return { inputs: [dx, null], weights: [] };
  },
};
