// The dashboard's whole state and its reducer: pure, no I/O, no engine calls. Plans are derived from
// `settings` and `strategies` by derive.ts; this file only records what the user asked for.
import { STRATEGY_NAMES } from '../strategy/strategy.js';
import type { StrategyName } from '../vocabulary.js';
import { KNOBS, type KnobId, parseTyped, stepKnob } from './knobs.js';
import type { Settings } from './settings.js';
import type { ValidationRow } from './validation-rows.js';

/** every strategy, in the engine's order (digit keys show and hide them: keys.ts) */
export const ALL_STRATEGIES: readonly StrategyName[] = STRATEGY_NAMES;

export type Overlay = 'none' | 'help' | 'validation';
/** the lower panel when the terminal is too short for both */
export type Panel = 'memory' | 'stages';

export type ValidationState =
  | { status: 'idle' }
  | { status: 'running'; done: number; total: number; current: string }
  | { status: 'done'; rows: ValidationRow[] }
  | { status: 'failed'; message: string };

export interface DashState {
  settings: Settings;
  /** shown side by side, always in ALL_STRATEGIES order */
  strategies: readonly StrategyName[];
  /** index into KNOBS, always in range: `select` wraps around and `selectKnob` takes an id KNOBS lists */
  selected: number;
  overlay: Overlay;
  panel: Panel;
  /** the number being typed into the selected knob, or null */
  edit: string | null;
  /** the last input problem (a typed value that is not a number, ...) */
  message: string | null;
  validation: ValidationState;
}

type SetValue<K extends KnobId> = K extends 'model' | 'gpu' ? string : K extends 'budget' | 'price' ? number : K extends keyof Settings ? Settings[K] : never;

export type SetAction = { [K in KnobId]: { type: 'set'; knob: K; value: SetValue<K> } }[KnobId];

export type Action =
  | { type: 'select'; delta: 1 | -1 }
  | { type: 'selectKnob'; knob: KnobId }
  | { type: 'step'; knob: KnobId; delta: 1 | -1 }
  | SetAction
  | { type: 'toggleStrategy'; strategy: StrategyName }
  | { type: 'overlay'; overlay: Overlay }
  | { type: 'togglePanel' }
  | { type: 'editStart' }
  | { type: 'editInput'; text: string }
  | { type: 'editBackspace' }
  | { type: 'editCommit' }
  | { type: 'editCancel' }
  | { type: 'validationStart' }
  | { type: 'validationProgress'; done: number; total: number; current: string }
  | { type: 'validationDone'; rows: ValidationRow[] }
  | { type: 'validationFailed'; message: string };

export function initialState(settings: Settings, strategies: readonly StrategyName[] = ['e2e', 'fsdp-offload', 'segprop']): DashState {
  return {
    settings,
    strategies: ALL_STRATEGIES.filter((s) => strategies.includes(s)),
    selected: 0,
    overlay: 'none',
    panel: 'memory',
    edit: null,
    message: null,
    validation: { status: 'idle' },
  };
}

function setKnob(state: DashState, a: SetAction): DashState {
  const s = state.settings;
  if (a.knob === 'model' || a.knob === 'gpu') {
    const list = a.knob === 'model' ? s.models : s.gpuList;
    const i = list.indexOf(a.value);
    if (i < 0) return { ...state, message: `${a.knob} ${JSON.stringify(a.value)}: not in the list` };
    return { ...state, message: null, settings: { ...s, [a.knob]: i } };
  }
  // a typed budget is tokens (a --samples or --epochs budget is the command line's)
  if (a.knob === 'budget') return { ...state, message: null, settings: { ...s, budget: { tokens: a.value } } };
  return { ...state, message: null, settings: { ...s, [a.knob]: a.value } };
}

function commitEdit(state: DashState): DashState {
  const knob = KNOBS[state.selected]!;
  if (state.edit === null || !knob.numeric) return { ...state, edit: null };
  const parsed = parseTyped(knob.id, state.edit);
  if ('problem' in parsed) return { ...state, edit: null, message: parsed.problem };
  return { ...setKnob(state, { type: 'set', knob: knob.id, value: parsed.value } as SetAction), edit: null };
}

export function reducer(state: DashState, a: Action): DashState {
  switch (a.type) {
    case 'select':
      return { ...state, edit: null, selected: (state.selected + a.delta + KNOBS.length) % KNOBS.length };
    case 'selectKnob':
      return { ...state, edit: null, selected: KNOBS.findIndex((k) => k.id === a.knob) };
    case 'step':
      return { ...state, message: null, edit: null, settings: stepKnob(state.settings, a.knob, a.delta) };
    case 'set':
      return setKnob(state, a);
    case 'toggleStrategy': {
      const on = state.strategies.includes(a.strategy);
      if (on && state.strategies.length === 1) return { ...state, message: 'at least one strategy stays on' };
      const next = on ? state.strategies.filter((s) => s !== a.strategy) : [...state.strategies, a.strategy];
      return { ...state, message: null, strategies: ALL_STRATEGIES.filter((s) => next.includes(s)) };
    }
    case 'overlay':
      return { ...state, edit: null, overlay: a.overlay };
    case 'togglePanel':
      return { ...state, panel: state.panel === 'memory' ? 'stages' : 'memory' };
    case 'editStart':
      return KNOBS[state.selected]!.numeric ? { ...state, edit: '', message: null } : state;
    case 'editInput':
      return state.edit === null ? state : { ...state, edit: (state.edit + a.text).slice(0, 9) };
    case 'editBackspace':
      return state.edit === null ? state : { ...state, edit: state.edit.slice(0, -1) };
    case 'editCommit':
      return commitEdit(state);
    case 'editCancel':
      return { ...state, edit: null };
    case 'validationStart':
      return { ...state, overlay: 'validation', validation: { status: 'running', done: 0, total: 0, current: 'loading TensorFlow.js (cpu)' } };
    case 'validationProgress':
      return state.validation.status === 'running' ? { ...state, validation: { status: 'running', done: a.done, total: a.total, current: a.current } } : state;
    case 'validationDone':
      return { ...state, validation: { status: 'done', rows: a.rows } };
    case 'validationFailed':
      return { ...state, validation: { status: 'failed', message: a.message } };
  }
}
