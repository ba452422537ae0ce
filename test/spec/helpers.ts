// Shared test helpers: where the HF fixtures live, and running a function that must throw a UserError.
import { join } from 'node:path';

export const FIXTURES = '/work/shared/fixtures/hf-configs';
export const fixture = (name: string): string => join(FIXTURES, name);

/** The message of the error `fn` throws (fails the test if it returns). */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, got none');
}
