// The knobs, in ←/→ order; the selected one is in [brackets] (and inverse when colour is on). A number
// being typed shows with a cursor. SegProp-only knobs are muted when no SegProp column is shown.
import { Box, Text } from 'ink';
import { KNOBS, knobValue } from './knobs.js';
import type { Settings } from './settings.js';
import { useLook } from './theme.js';

export interface KnobsPanelProps {
  settings: Settings;
  selected: number;
  edit: string | null;
  segpropShown: boolean;
  narrow: boolean;
}

export function KnobsPanel({ settings, selected, edit, segpropShown, narrow }: KnobsPanelProps) {
  const look = useLook();
  return (
    <Box flexWrap="wrap">
      {KNOBS.map((k, i) => {
        const isSel = i === selected;
        const value = isSel && edit !== null ? `${edit}_` : knobValue(settings, k.id);
        const text = narrow ? value : `${k.label} ${value}`;
        const style = isSel ? look('selected') : k.segprop && !segpropShown ? look('muted') : {};
        return (
          <Text key={k.id} {...style}>
            {isSel ? `[${text}]` : ` ${text} `}
          </Text>
        );
      })}
    </Box>
  );
}

/** lines the knobs panel wraps to at `columns` (greedy, as ink's flex-wrap places whole items) */
export function knobsLines(settings: Settings, columns: number, narrow: boolean): number {
  let lines = 1;
  let used = 0;
  for (const k of KNOBS) {
    const w = (narrow ? knobValue(settings, k.id) : `${k.label} ${knobValue(settings, k.id)}`).length + 2;
    if (used > 0 && used + w > columns) {
      lines++;
      used = 0;
    }
    used += w;
  }
  return lines;
}
