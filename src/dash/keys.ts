// Keys to actions: a pure function of the key and the state, so that the key map is testable on its own.
import type { Key } from 'ink';
import type { StrategyName } from '../vocabulary.js';
import { KNOBS, knobByKey } from './knobs.js';
import type { Action, DashState } from './state.js';

export type Effect = 'quit' | 'validate';

export interface KeyResult {
  actions: Action[];
  effect?: Effect;
}

const STRATEGY_KEYS: Record<string, StrategyName> = { '1': 'e2e', '2': 'fsdp', '3': 'fsdp-offload', '4': 'segprop' };

const none: KeyResult = { actions: [] };

function editing(input: string, key: Key): KeyResult {
  if (key.return) return { actions: [{ type: 'editCommit' }] };
  if (key.escape) return { actions: [{ type: 'editCancel' }] };
  if (key.backspace || key.delete) return { actions: [{ type: 'editBackspace' }] };
  if (/^[0-9a]+$/.test(input)) return { actions: [{ type: 'editInput', text: input }] };
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
  const strategy = STRATEGY_KEYS[input];
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
