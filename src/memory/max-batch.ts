// The peak of a step and the largest micro-batch that fits, solved exactly from the events' lines:
// peak(b) = max over events of (cᵢ + dᵢ·b), so b fits iff cᵢ + dᵢ·b ≤ capacity for every line.

import { eventBytes, type MemoryEvent } from './stage-memory.js';

export interface Peak {
  bytes: number;
  event: MemoryEvent;
}

export function peakAt(events: readonly MemoryEvent[], b: number): Peak {
  let best = events[0];
  let bytes = -Infinity;
  for (const e of events) {
    const v = eventBytes(e, b);
    if (v > bytes) {
      bytes = v;
      best = e;
    }
  }
  return { bytes, event: best };
}

/** The largest b ≥ 0 with peak(b) ≤ capacity (0: not even one sample fits); capped at `limit`. */
export function maxMicroBatch(events: readonly MemoryEvent[], capacity: number, limit = 1 << 30): number {
  let best = limit;
  for (const e of events) {
    const c0 = e.weights + e.gradients + e.optimizer + e.gather + e.overhead + e.activations.c;
    const lines = e.transient.length > 0 ? e.transient : [{ c: 0, d: 0 }];
    for (const l of lines) {
      const c = c0 + l.c;
      const d = e.activations.d + l.d;
      if (c > capacity) return 0;
      if (d > 0) best = Math.min(best, Math.floor((capacity - c) / d));
    }
  }
  // guard against floating-point rounding at the boundary
  while (best > 0 && peakAt(events, best).bytes > capacity) best--;
  return best;
}
