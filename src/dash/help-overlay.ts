// The help overlay (?): every key, and the rule that picks the highlighted strategy. Two neighbouring knob keys
// share a line when each fits half the width; long lines wrap at spaces, so nothing is cut off.
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
  // two neighbours that each fit half the width share a line; a longer one has its own line(s)
  const short = (k: string | undefined): k is string => k !== undefined && cells(k) <= half - 1;
  const knobLines: Line[] = [];
  for (let i = 0; i < knobs.length; i++) {
    const k = knobs[i]!;
    const next = knobs[i + 1];
    if (short(k) && short(next)) {
      knobLines.push([{ text: `${fit(k, half)}${next}` }]);
      i++;
    } else {
      knobLines.push(...wrapped(k));
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
