// The training phase the executor is in while kernels run. The executor sets it around the code of each
// phase (forward of an op, its input gradient, its weight gradient, recomputation inside a checkpoint), so
// every kernel recorded by the kernel trace is labelled by the code region that actually launched it.

export type Phase = 'forward' | 'inputGrad' | 'weightGrad' | 'recompute' | 'optimizer' | 'other';

let current: Phase = 'other';

export function currentPhase(): Phase {
  return current;
}

/** Run `f` with the phase set to `p` (restored afterwards, also on error). */
export function inPhase<T>(p: Phase, f: () => T): T {
  const prev = current;
  current = p;
  try {
    return f();
  } finally {
    current = prev;
  }
}

/** Inside a checkpoint's recomputation, forward code keeps the label "recompute". */
export function forwardPhase(): Phase {
  return current === 'recompute' ? 'recompute' : 'forward';
}
