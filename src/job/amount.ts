// Amounts as people write them for a training budget or a price: 2000000, 2e6, 2M, 300B, 1.5T (k or K,
// M, B or G, T = 10^3, 10^6, 10^9, 10^12). One reading for the command line (cli/budget.ts) and the dashboard.

const SUFFIX: Readonly<Record<string, number>> = { k: 1e3, K: 1e3, M: 1e6, B: 1e9, G: 1e9, T: 1e12 };

/** The amount `raw` writes (underscores ignored), or null when it is not one; positivity is the caller's check. */
export function amountOf(raw: string): number | null {
  const m = /^([0-9]+(?:\.[0-9]+)?(?:e[0-9]+)?)([kKMBGT])?$/.exec(raw.trim().replace(/_/g, ''));
  if (!m) return null;
  const n = Number(m[1]) * (m[2] ? SUFFIX[m[2]]! : 1);
  return Number.isFinite(n) ? n : null;
}

/** An amount the short way ("300B", "1.5T", "2M", "512"): at most three significant digits. */
export function amountText(n: number): string {
  for (const [scale, suffix] of [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (n >= scale) return `${Number((n / scale).toPrecision(3))}${suffix}`;
  }
  return String(Number(n.toPrecision(3)));
}
