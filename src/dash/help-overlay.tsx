// The help overlay (?): every key, and the rule that picks the highlighted strategy.
import { Box, Text } from 'ink';
import { KNOBS } from './knobs.js';
import { useLook } from './theme.js';
import { WINNER_RULE } from './winner.js';

export function HelpOverlay({ columns }: { columns: number }) {
  const look = useLook();
  const two = columns >= 100;
  const knobLines = KNOBS.map((k) => `${k.key ? `${k.key}/${k.key.toUpperCase()}` : '   '}  ${k.help}`);
  return (
    <Box flexDirection="column" width={columns}>
      <Text {...look('title')}>segplan dash · keys</Text>
      <Text wrap="truncate">←/→ select knob · ↑/↓ next/previous value · ⏎ type a number (esc cancels)</Text>
      <Text wrap="truncate">1 E2E  2 FSDP  3 FSDP+offload  4 SegProp: show/hide · tab memory/stages</Text>
      <Text wrap="truncate">v validation (tfjs quick suite, cpu) · ? this help · esc back · q quit</Text>
      <Box flexWrap="wrap">
        {knobLines.map((l) => (
          <Box key={l} width={two ? Math.floor(columns / 2) : columns}>
            <Text wrap="truncate">{l}</Text>
          </Box>
        ))}
      </Box>
      <Text {...look('accent')} wrap="truncate">
        ★ {WINNER_RULE}
      </Text>
      <Text {...look('muted')} wrap="truncate">
        FLOPs = floating-point operations (2 per multiply-add), per GPU per step; GiB = 2^30 bytes
      </Text>
    </Box>
  );
}
