// Bottom two lines: the selected knob's meaning (or the last input problem), then the keys and the winner rule.
import { Box, Text } from 'ink';
import { clip } from './format.js';
import { KNOBS } from './knobs.js';
import { useLook } from './theme.js';
import { WINNER_RULE } from './winner.js';

export interface FooterProps {
  selected: number;
  message: string | null;
  editing: boolean;
  columns: number;
  canTab: boolean;
}

export function Footer({ selected, message, editing, columns, canTab }: FooterProps) {
  const look = useLook();
  const knob = KNOBS[selected];
  const key = knob.key ? ` (${knob.key}/${knob.key.toUpperCase()})` : '';
  const first = message ?? (editing ? `type ${knob.label}: digits, ⏎ apply, esc cancel` : `▸ ${knob.help}${key}`);
  const keys = `←→ knob ↑↓ value ⏎ type 1-4 strategies${canTab ? ' tab panel' : ''} v validate ? help q quit`;
  return (
    <Box flexDirection="column">
      <Text {...(message ? look('warn') : look('accent'))} wrap="truncate">
        {clip(first, columns)}
      </Text>
      <Text {...look('muted')} wrap="truncate">
        {clip(columns >= keys.length + WINNER_RULE.length + 3 ? `${keys} · ${WINNER_RULE}` : keys, columns)}
      </Text>
    </Box>
  );
}
