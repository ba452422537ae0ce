// Indexed reads in tests under noUncheckedIndexedAccess: a missing element fails the test right there, naming
// what was looked up, the index and the length, instead of "Cannot read properties of undefined" a line later.

/** `xs[i]`, or an Error naming `what`, `i` and the length when there is no element at `i`. */
export function at<T>(xs: readonly T[], i: number, what: string): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`no ${what} at index ${i} (length ${xs.length})`);
  return x;
}
