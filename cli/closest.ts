// Suggests the known name nearest to a mistyped one ("did you mean ...?"), by edit distance.

function distance(a: string, b: string): number {
  // one row of the Levenshtein table at a time: names are short, so this is plenty fast
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The candidate closest to `input`, or undefined when nothing is reasonably close. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const hay = c.toLowerCase();
    // a prefix or substring match is a strong hint ("a100" -> "a100-40gb")
    const score = hay.startsWith(needle) || needle.startsWith(hay) ? 0.5 : hay.includes(needle) ? 1 : distance(needle, hay);
    if (score < bestScore) {
      bestScore = score;
      best = c;
    }
  }
  const limit = Math.max(2, Math.floor(needle.length / 3));
  return bestScore <= limit ? best : undefined;
}

/** ` (did you mean X?)` or the empty string. */
export function didYouMean(input: string, candidates: Iterable<string>, prefix = ''): string {
  const hit = closest(input, candidates);
  return hit === undefined ? '' : ` (did you mean ${prefix}${hit}?)`;
}
