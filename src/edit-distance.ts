// Levenshtein distance (insertions, deletions, substitutions each cost 1), one table row at a time. The
// "did you mean …?" suggestions for models, GPUs, flags and sweep axes all rank names by it.

/**
 * The distance, or (when `cap` is given) any number above `cap` once the distance is sure to exceed it. The
 * difference in length is a lower bound, so a megabyte-long mistyped name costs nothing against short names
 * instead of seconds of table rows per candidate.
 */
export function editDistance(a: string, b: string, cap = Infinity): number {
  const floor = Math.abs(a.length - b.length);
  if (floor > cap) return floor;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
