// Shared test helpers: where the HF fixtures live, and running a function that must throw a UserError.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Real Hugging Face configs kept in the repository (their sources: test/fixtures/hf-configs/SOURCES.md). */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'hf-configs');
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
