// Keys to actions: a pure function of the key and the state, so that the key map is testable on its own.
import type { Key } from 'ink';
import { STRATEGY_NAMES } from '../strategy/strategy.js';
import type { StrategyName } from '../vocabulary.js';
import { KNOBS, knobByKey } from './knobs.js';
import type { Action, DashState } from './state.js';

export type Effect = 'quit' | 'validate';

export interface KeyResult {
  actions: Action[];
  effect?: Effect;
}

/** The paper's four strategies keep keys 1-4; the other presets follow in the engine's order, 0 the tenth. */
const FIRST: readonly StrategyName[] = ['e2e', 'fsdp', 'fsdp-offload', 'segprop'];
const KEYED = [...FIRST, ...STRATEGY_NAMES.filter((n) => !FIRST.includes(n))].slice(0, 10);

/** Digit keys that show and hide a strategy's column (a Map: a typed word never reaches Object.prototype). */
export const STRATEGY_KEYS: ReadonlyMap<string, StrategyName> = new Map(KEYED.map((s, i) => [String((i + 1) % 10), s]));

const none: KeyResult = { actions: [] };

function editing(input: string, key: Key): KeyResult {
  if (key.return) return { actions: [{ type: 'editCommit' }] };
  if (key.escape) return { actions: [{ type: 'editCancel' }] };
  if (key.backspace || key.delete) return { actions: [{ type: 'editBackspace' }] };
  // digits, `a` (auto micro-batch), and what an amount takes: a decimal point and k, K, M, B, G, T
  if (/^[0-9a.kKMBGT]+$/.test(input)) return { actions: [{ type: 'editInput', text: input }] };
  return none;
}

export function keyToActions(input: string, key: Key, state: DashState): KeyResult {
  if (state.edit !== null) return editing(input, key);
  if (input === 'q' && !key.ctrl) return { actions: [], effect: 'quit' };
  if (state.overlay === 'help') {
    return key.escape || input === '?' ? { actions: [{ type: 'overlay', overlay: 'none' }] } : none;
  }
  if (state.overlay === 'validation') {
    if (key.escape || input === 'v') return { actions: [{ type: 'overlay', overlay: 'none' }] };
    if (input === 'r' && state.validation.status !== 'running') return { actions: [], effect: 'validate' };
    return none;
  }
  if (key.leftArrow) return { actions: [{ type: 'select', delta: -1 }] };
  if (key.rightArrow) return { actions: [{ type: 'select', delta: 1 }] };
  if (key.upArrow || key.downArrow) {
    return { actions: [{ type: 'step', knob: KNOBS[state.selected]!.id, delta: key.upArrow ? 1 : -1 }] };
  }
  if (key.return) return { actions: [{ type: 'editStart' }] };
  if (key.tab) return { actions: [{ type: 'togglePanel' }] };
  if (input === '?') return { actions: [{ type: 'overlay', overlay: 'help' }] };
  if (input === 'v') {
    return state.validation.status === 'idle' || state.validation.status === 'failed'
      ? { actions: [], effect: 'validate' }
      : { actions: [{ type: 'overlay', overlay: 'validation' }] };
  }
  const strategy = STRATEGY_KEYS.get(input);
  if (strategy) return { actions: [{ type: 'toggleStrategy', strategy }] };
  const letter = knobByKey(input);
  if (letter && !key.ctrl && !key.meta) {
    return {
      actions: [
        { type: 'selectKnob', knob: letter.knob.id },
        { type: 'step', knob: letter.knob.id, delta: letter.delta },
      ],
    };
  }
  return none;
}
