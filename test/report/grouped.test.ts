// grouped() writes numbers as Intl's en-US format does (the reference here), without loading ICU at start-up;
// where Intl prints "-0" for a value that rounds to zero, grouped prints "0".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, grouped, usd } from '../../src/report/units.js';

describe('grouped thousands', () => {
  it('equals toLocaleString("en-US") for integers, fractions and money', () => {
    const value = fc.oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.double({ min: -1e9, max: 1e9, noNaN: true }));
    fc.assert(
      fc.property(value, (v) => {
        const zero = (s: string) => s.replace(/^(\$?)-(0(\.0+)?)$/, '$1$2');
        expect(count(v)).toBe(zero(v.toLocaleString('en-US')));
        expect(grouped(v, 4)).toBe(zero(v.toLocaleString('en-US', { maximumFractionDigits: 4 })));
        expect(usd(v)).toBe(zero(`$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`));
      }),
      { numRuns: 2000 },
    );
  });
  it('prints a value that rounds to zero without a sign', () => {
    expect(count(-0.0004)).toBe('0');
    expect(usd(-0.001)).toBe('$0.00');
  });
});
