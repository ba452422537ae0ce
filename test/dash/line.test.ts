// Measured text: wide characters take two cells, cuts end in "…", wrapping breaks at spaces.
import { describe, expect, it } from 'vitest';
import { cells, clip, clipLine, fit, wrapWords } from '../../src/dash/line.js';

describe('line', () => {
  it('measures wide characters as two cells and single-width glyphs as one', () => {
    expect(cells('漢字')).toBe(4);
    expect(cells('█▓▒░≈·µ≤★✓✗…')).toBe(12);
  });
  it('clips to a width in cells, never splitting a wide character over the edge', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('漢字漢字', 5)).toBe('漢字…');
    expect(cells(clip('漢字漢字', 4))).toBeLessThanOrEqual(4);
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abc', 0)).toBe('');
  });
  it('fits: pads or clips to exactly the width', () => {
    expect(fit('ab', 4)).toBe('ab  ');
    expect(fit('ab', 4, true)).toBe('  ab');
    expect(cells(fit('漢字漢字', 5))).toBe(5);
  });
  it('clips a line of pieces at the edge, keeping the pieces before it', () => {
    const line = clipLine([{ text: 'name ' }, { text: '█████', colour: 'blue' }, { text: ' 12 GiB', role: 'good' }], 8);
    expect(line.map((p) => p.text)).toEqual(['name ', '██…']);
    expect(line[1]!.colour).toBe('blue');
  });
  it('wraps at spaces, keeps inner spaces, clips a word longer than the width', () => {
    expect(wrapWords('16 GPUs on 1 node is 16 per node', 12)).toEqual(['16 GPUs on 1', 'node is 16', 'per node']);
    expect(wrapWords('k/K  SegProp', 20)).toEqual(['k/K  SegProp']);
    expect(wrapWords('supercalifragilistic is long', 8)).toEqual(['superca…', 'is long']);
  });
});
