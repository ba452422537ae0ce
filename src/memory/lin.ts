// Memory that grows linearly with the micro-batch: c + d·b bytes. With the sequence length fixed, every
// memory term of a training step is of this form (weights and states are constant, activations ∝ b), so
// the peak is a maximum of lines and the largest micro-batch that fits can be solved exactly.

export interface Lin {
  /** bytes independent of the micro-batch */
  c: number;
  /** bytes per sample of the micro-batch */
  d: number;
}

export const ZERO: Lin = Object.freeze({ c: 0, d: 0 });
