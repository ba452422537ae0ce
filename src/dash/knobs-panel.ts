// The knobs, in ←/→ order; the selected one is in [brackets] (and inverse when colour is on). A number
// being typed shows with a cursor. SegProp-only knobs are muted when no SegProp column is shown. The last item is
// the placement the engine reports for the SegProp column (PlanResult.settings.placement), when it has one.
// Items fill a line and go on to the next whole (measured), so the panel's height is known before drawing.
import type { PlacementOptions } from '../vocabulary.js';
import { KNOBS, knobValue } from './knobs.js';
import { cells, clip, type Line, type Piece } from './line.js';
import type { Settings } from './settings.js';

export interface KnobsInput {
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

function items(k: KnobsInput, columns: number): Piece[] {
  const out: Piece[] = KNOBS.map((knob, i) => {
    const isSel = i === k.selected;
    const value = isSel && k.edit !== null ? `${k.edit}_` : knobValue(k.settings, knob.id);
    const text = k.narrow ? value : `${knob.label} ${value}`;
    if (isSel) return { text: clip(`[${text}]`, columns), role: 'selected' };
    return knob.segprop && !k.segpropShown ? { text: clip(` ${text} `, columns), role: 'muted' } : { text: clip(` ${text} `, columns) };
  });
  if (k.placement) out.push({ text: clip(` ${placementText(k.placement)} `, columns), role: 'muted' });
  return out;
}

export function knobsLines(k: KnobsInput, columns: number): Line[] {
  const lines: Line[] = [[]];
  let used = 0;
  for (const item of items(k, columns)) {
    const w = cells(item.text);
    if (used > 0 && used + w > columns) {
      lines.push([]);
      used = 0;
    }
    lines[lines.length - 1]!.push(item);
    used += w;
  }
  return lines;
}
