// Catalog names are case-insensitive: what users copy from model cards (Llama-2-7B) finds llama-2-7b.
import { describe, expect, it } from 'vitest';
import { catalogPath, catalogSpec } from '../../src/model/catalog.js';

describe('catalog names', () => {
  it('match in any letter case', () => {
    expect(catalogPath('Llama-2-7B')).toBe(catalogPath('llama-2-7b'));
    expect(catalogSpec('MISTRAL-7B')).toEqual(catalogSpec('mistral-7b'));
    expect(catalogPath('Llama-2-7Bx')).toBeUndefined();
  });
});
