// Phrasing helpers: the few shapes of words that messages and tables share, written once so that every
// message reads as English ("1 node", "a positive amount of bytes", "one of a, b, c") and no number
// prints as "-0.0%".

/** "a" or "an" before `phrase` (by its first letter: good enough for the nouns these messages use) */
export function withArticle(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

/** a count with its unit, singular or plural: quantity(1, 'node') = "1 node", quantity(16, 'GPU') = "16 GPUs" */
export function quantity(count: number, unit: string, plural = `${unit}s`): string {
  return `${count} ${count === 1 ? unit : plural}`;
}

/** what a value must be: positive('whole number') = "a positive whole number"; finite adds ", finite" */
export function positive(noun: string, options: { finite?: boolean } = {}): string {
  return withArticle(`positive${options.finite ? ', finite' : ''} ${noun}`);
}

/** the allowed values of a choice: "one of full, growing" (just the value when there is one) */
export function oneOf(choices: readonly string[]): string {
  return choices.length === 1 ? choices[0]! : `one of ${choices.join(', ')}`;
}

/**
 * A fraction as a percentage number without the sign character: 0.4512 -> "45.1". A value that rounds to
 * zero prints as "0.0", never "-0.0"; `signed` puts "+" before positive values.
 */
export function percentNumber(fraction: number, digits = 1, signed = false): string {
  if (!Number.isFinite(fraction)) return String(fraction);
  const text = (fraction * 100).toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return signed && fraction > 0 ? `+${text}` : text;
}

/** a fraction as a percentage: percent(0.4512) = "45.1%", percent(-0.0001, 1, true) = "0.0%" */
export function percent(fraction: number, digits = 1, signed = false): string {
  if (!Number.isFinite(fraction)) return String(fraction);
  return `${percentNumber(fraction, digits, signed)}%`;
}

/** a relative error as a signed percentage ("+1.2%", "-0.3%", "0.0%"), "n/a" when there is none (÷ 0) */
export function relativeError(fraction: number, digits = 1): string {
  return Number.isFinite(fraction) ? percent(fraction, digits, true) : 'n/a';
}

/**
 * A number with comma thousands separators and at most `maxFraction` decimals, trailing zeros dropped
 * ("70,553,706,496", "3.7812"). Written out because the first toLocaleString call loads ICU data, about 18 ms of
 * every CLI start.
 */
export function grouped(n: number, maxFraction = 3, minFraction = 0): string {
  if (!Number.isFinite(n)) return String(n);
  let text = Math.abs(n).toFixed(maxFraction);
  if (maxFraction > minFraction) text = text.replace(new RegExp(`(\\.\\d{${minFraction}}\\d*?)0+$`), '$1').replace(/\.$/, '');
  const [int, frac] = text.split('.');
  const sign = n < 0 && Number(text) !== 0 ? '-' : '';
  return `${sign}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}
