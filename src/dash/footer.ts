// Bottom two lines: the selected knob's meaning (or the last input problem), then the keys and the winner rule.
import { KNOBS } from './knobs.js';
import { cells, clip, type Line } from './line.js';
import { WINNER_RULE } from './winner.js';

export interface FooterInput {
  selected: number;
  message: string | null;
  editing: boolean;
  canTab: boolean;
}

export function footerLines({ selected, message, editing, canTab }: FooterInput, columns: number): Line[] {
  const knob = KNOBS[selected]!;
  const key = knob.key ? ` (${knob.key}/${knob.key.toUpperCase()})` : '';
  const first = message ?? (editing ? `type ${knob.label}: digits, ⏎ apply, esc cancel` : `▸ ${knob.help}${key}`);
  const keys = `←→ knob ↑↓ value ⏎ type 0-9 strategies${canTab ? ' tab panel' : ''} v validate ? help q quit`;
  const withRule = `${keys} · ${WINNER_RULE}`;
  return [
    [{ text: clip(first, columns), role: message ? 'warn' : 'accent' }],
    [{ text: clip(cells(withRule) <= columns ? withRule : keys, columns), role: 'muted' }],
  ];
}
