// Which output format the user asked for; at most one of --json, --csv, --md.
import { UserError } from '../src/errors.js';
import type { Parsed } from './args.js';

export type Format = 'table' | 'json' | 'csv' | 'md';

export function formatOf(args: Parsed): Format {
  const chosen = (['json', 'csv', 'md'] as const).filter((f) => args.flags[f] === true);
  if (chosen.length > 1) throw new UserError(`choose one output format, not ${chosen.map((f) => `--${f}`).join(' and ')}`);
  return chosen[0] ?? 'table';
}
