// Suggests the known name nearest to a mistyped one ("did you mean ...?"), by edit distance.
import { editDistance } from '../src/edit-distance.js';

/** The candidate closest to `input`, or undefined when nothing is reasonably close. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  const limit = Math.max(2, Math.floor(needle.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const hay = c.toLowerCase();
    // a prefix or substring match is a strong hint ("a100" -> "a100-40gb")
    const score = hay.startsWith(needle) || needle.startsWith(hay) ? 0.5 : hay.includes(needle) ? 1 : editDistance(needle, hay, Math.min(limit, bestScore));
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return bestScore <= limit ? best : undefined;
}

/** ` (did you mean X?)` or the empty string. */
export function didYouMean(input: string, candidates: Iterable<string>, prefix = ''): string {
  const hit = closest(input, candidates);
  return hit === undefined ? '' : ` (did you mean ${prefix}${hit}?)`;
}
