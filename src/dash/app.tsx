// The dashboard: one reducer holds the state; plans are derived from it through the engine on every
// change (one PlanCache for the session); components only lay the numbers out.
import { useApp, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { derive, type DeriveCache, newDeriveCache } from './derive.js';
import { keystrokes } from './burst.js';
import { keyToActions } from './keys.js';
import { KNOBS } from './knobs.js';
import { lookAhead, neighbours } from './look-ahead.js';
import { Screen } from './screen.js';
import { screenLines } from './screen-lines.js';
import type { Sources } from './sources.js';
import { type Action, type DashState, reducer } from './state.js';
import { ColourContext } from './theme.js';
import { type Size, useTerminalSize } from './use-terminal-size.js';
import { runQuickSuite, type ValidationRunner } from './validation-run.js';

export interface AppProps {
  initial: DashState;
  sources: Sources;
  colour: boolean;
  runValidation?: ValidationRunner;
  /** fixed size (tests); otherwise the terminal's, following resizes */
  size?: Size;
  cache?: DeriveCache;
  /** plan the settings one key away while waiting for a key (look-ahead.ts); default true */
  lookAhead?: boolean;
}

export function App({ initial, sources, colour, runValidation = runQuickSuite, size, cache, lookAhead: ahead = true }: AppProps) {
  const [state, dispatch] = useReducer(reducer, initial);
  // Keys are read against the newest state, also when several arrive before React re-renders (typing
  // fast, pasting, tmux send-keys): every action goes through `send`, which applies the same pure reducer
  // to this ref before handing the action to React.
  const latest = useRef<DashState>(initial);
  const send = useCallback((a: Action) => {
    latest.current = reducer(latest.current, a);
    dispatch(a);
  }, []);
  const { exit } = useApp();
  const terminal = useTerminalSize();
  const { columns, rows } = size ?? terminal;
  const cacheRef = useRef<DeriveCache>(cache ?? newDeriveCache());
  const stopped = useRef(false);
  useEffect(
    () => () => {
      stopped.current = true;
    },
    [],
  );

  const derived = useMemo(() => derive(state.settings, state.strategies, sources, cacheRef.current), [state.settings, state.strategies, sources]);
  // after each change (and after the screen it brings), the settings one key away; a new change stops it
  const selectedKnob = KNOBS[state.selected]!.id;
  useEffect(
    () => (ahead ? lookAhead(neighbours(state.settings, selectedKnob), state.strategies, sources, cacheRef.current) : undefined),
    [ahead, state.settings, state.strategies, selectedKnob, sources],
  );

  const startValidation = useCallback(() => {
    send({ type: 'validationStart' });
    runValidation(
      (p) => {
        if (!stopped.current) send({ type: 'validationProgress', done: p.done, total: p.total, current: p.current });
      },
      () => stopped.current,
    ).then(
      (rows) => {
        if (!stopped.current) send({ type: 'validationDone', rows });
      },
      (e: unknown) => {
        if (!stopped.current) send({ type: 'validationFailed', message: e instanceof Error ? e.message : String(e) });
      },
    );
  }, [runValidation, send]);

  useInput((input, key) => {
    for (const k of keystrokes(input, key)) {
      const r = keyToActions(k.input, k.key, latest.current);
      for (const a of r.actions) send(a);
      if (r.effect === 'quit') {
        stopped.current = true;
        exit();
        return;
      } else if (r.effect === 'validate') {
        startValidation();
      }
    }
  });

  const lines = useMemo(() => screenLines(state, derived, columns, rows), [state, derived, columns, rows]);
  return (
    <ColourContext.Provider value={colour}>
      <Screen lines={lines} columns={columns} />
    </ColourContext.Provider>
  );
}
