// The help overlay (?): every key, and the rule that picks the highlighted strategy. The knob keys go in two
// columns when the longest one fits half the width; long lines wrap at spaces, so nothing is cut off.
import { STRATEGY_KEYS } from './keys.js';
import { KNOBS } from './knobs.js';
import { STRATEGY_TITLES } from './outcome.js';
import { cells, fit, type Line, wrapWords } from './line.js';
import { WINNER_RULE } from './winner.js';

const KEYS = [
  '←/→ select knob · ↑/↓ next/previous value · ⏎ type a number (esc cancels)',
  `${[...STRATEGY_KEYS].map(([key, s]) => `${key} ${STRATEGY_TITLES[s]}`).join(' ')}: show/hide`,
  'v validation (tfjs, cpu) · tab memory/stages · ? this help · esc back · q quit',
];
const UNITS = 'FLOPs: 2 per multiply-add, per GPU per step · GiB = 2^30 bytes';

export function helpLines(columns: number): Line[] {
  const wrapped = (text: string, role?: 'accent' | 'muted'): Line[] => wrapWords(text, columns).map((t) => (role ? [{ text: t, role }] : [{ text: t }]));
  const knobs = KNOBS.map((k) => `${k.key ? `${k.key}/${k.key.toUpperCase()}` : '   '}  ${k.help}`);
  const half = Math.floor(columns / 2);
  const two = Math.max(...knobs.map(cells)) <= half - 1;
  const knobLines: Line[] = [];
  if (two) {
    for (let i = 0; i < knobs.length; i += 2) {
      knobLines.push([{ text: `${fit(knobs[i]!, half)}${knobs[i + 1] ?? ''}` }]);
    }
  } else {
    // two neighbours that both fit half the width share a line (keeps the overlay within 24 rows at 80 columns)
    for (let i = 0; i < knobs.length; i++) {
      const next = knobs[i + 1];
      if (next !== undefined && cells(knobs[i]!) <= half - 1 && cells(next) <= half - 1) {
        knobLines.push([{ text: `${fit(knobs[i]!, half)}${next}` }]);
        i++;
      } else knobLines.push(...wrapped(knobs[i]!));
    }
  }
  return [
    [{ text: 'segplan dash · keys', role: 'title' }],
    ...KEYS.flatMap((k) => wrapped(k)),
    ...knobLines,
    ...wrapped(`★ ${WINNER_RULE}`, 'accent'),
    ...wrapped(UNITS, 'muted'),
  ];
}
