// "Did you mean": the known names closest to a mistyped one by edit distance.

import { editDistance as levenshtein } from '../edit-distance.js';

/** Levenshtein distance, case-insensitive. */
export function editDistance(a: string, b: string, cap?: number): number {
  return levenshtein(a.toLowerCase(), b.toLowerCase(), cap);
}

/** Up to `max` known names within a third of the name's length (at least 2 edits), closest first. */
export function closest(name: string, known: string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  // lowercased once, not per candidate (a hostile name can be a megabyte long)
  const lower = name.toLowerCase();
  return known
    .map((k) => ({ k, d: levenshtein(lower, k.toLowerCase(), limit) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k))
    .slice(0, max)
    .map((x) => x.k);
}
