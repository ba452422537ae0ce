// The phrasing helpers: English articles and plurals, choices, and percentages that never read "-0.0%".
import { describe, expect, it } from 'vitest';
import { oneOf, percent, percentNumber, positive, quantity, withArticle } from '../src/words.js';

describe('words', () => {
  it('an article that fits the noun', () => {
    expect(withArticle('amount of bytes')).toBe('an amount of bytes');
    expect(withArticle('rate in FLOP/s')).toBe('a rate in FLOP/s');
    expect(positive('amount of bytes', { finite: true })).toBe('a positive, finite amount of bytes');
    expect(positive('whole number')).toBe('a positive whole number');
  });

  it('a count with its unit, singular or plural', () => {
    expect(quantity(1, 'node')).toBe('1 node');
    expect(quantity(16, 'GPU')).toBe('16 GPUs');
    expect(quantity(0, 'stage')).toBe('0 stages');
    expect(quantity(2, 'batch', 'batches')).toBe('2 batches');
  });

  it('a choice from a list', () => {
    expect(oneOf(['full', 'growing'])).toBe('one of full, growing');
    expect(oneOf(['segprop'])).toBe('segprop');
  });

  it('percentages: rounding to zero loses the sign, signed adds "+"', () => {
    expect(percent(-0.0001)).toBe('0.0%');
    expect(percent(-0.0001, 1, true)).toBe('0.0%');
    expect(percent(-0.00049, 2)).toBe('-0.05%');
    expect(percent(0.4512)).toBe('45.1%');
    expect(percent(0.2, 1, true)).toBe('+20.0%');
    expect(percent(-0.031, 1, true)).toBe('-3.1%');
    expect(percentNumber(-0)).toBe('0.0');
    expect(percent(Number.NaN)).toBe('NaN');
  });
});
