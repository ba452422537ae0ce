// The median of timed runs: robust to the odd slow run (a GC pause, a cold cache) that a mean would average in.

/** The middle sample (the upper one of an even count); there is always at least one timed run. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no samples: at least one timed run is needed');
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!; // 0 <= index < length for a non-empty list
}
