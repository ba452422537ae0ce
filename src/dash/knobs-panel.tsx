// The knobs, in ←/→ order; the selected one is in [brackets] (and inverse when colour is on). A number
// being typed shows with a cursor. SegProp-only knobs are muted when no SegProp column is shown. The last item is
// the placement the engine reports for the SegProp column (PlanResult.settings.placement), when it has one.
import { Box, Text } from 'ink';
import type { PlacementOptions } from '../plan/types.js';
import { KNOBS, knobValue } from './knobs.js';
import type { Settings } from './settings.js';
import { useLook } from './theme.js';

export interface KnobsPanelProps {
  settings: Settings;
  selected: number;
  edit: string | null;
  segpropShown: boolean;
  narrow: boolean;
  /** the SegProp column's effective placement, or null (no SegProp column, or the engine refused the job) */
  placement: PlacementOptions | null;
}

/** the effective placement in a few words: "SegProp: trainable sharded, frozen offloaded" */
export function placementText(p: PlacementOptions): string {
  const t = p.trainable;
  const trainable =
    t.weights === t.gradients && t.gradients === t.optimizer
      ? t.weights
      : t.weights === t.gradients
        ? `${t.weights} (optim ${t.optimizer})`
        : `w ${t.weights} g ${t.gradients} o ${t.optimizer}`;
  return `SegProp: trainable ${trainable}, frozen ${p.frozen}`;
}

export function KnobsPanel({ settings, selected, edit, segpropShown, narrow, placement }: KnobsPanelProps) {
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
      {placement && <Text {...look('muted')}>{` ${placementText(placement)} `}</Text>}
    </Box>
  );
}

/** lines the knobs panel wraps to at `columns` (greedy, as ink's flex-wrap places whole items) */
export function knobsLines(settings: Settings, columns: number, narrow: boolean, placement: PlacementOptions | null = null): number {
  let lines = 1;
  let used = 0;
  const items = KNOBS.map((k) => (narrow ? knobValue(settings, k.id) : `${k.label} ${knobValue(settings, k.id)}`));
  if (placement) items.push(placementText(placement));
  for (const item of items) {
    const w = item.length + 2;
    if (used > 0 && used + w > columns) {
      lines++;
      used = 0;
    }
    used += w;
  }
  return lines;
}
