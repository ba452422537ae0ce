// The dashboard: one reducer holds the state; plans are derived from it through the engine on every
// change (one PlanCache for the session); components only lay the numbers out.
import { Box, useApp, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { derive, type DeriveCache, newDeriveCache } from './derive.js';
import { Footer } from './footer.js';
import { Header } from './header.js';
import { HelpOverlay } from './help-overlay.js';
import { keyToActions } from './keys.js';
import { KnobsPanel, knobsLines } from './knobs-panel.js';
import { layoutFor } from './layout.js';
import { MemoryPanel } from './memory-panel.js';
import type { Sources } from './sources.js';
import { StageBars } from './stage-bars.js';
import { type Action, type DashState, reducer } from './state.js';
import { StrategyTable } from './strategy-table.js';
import { ColourContext } from './theme.js';
import { type Size, useTerminalSize } from './use-terminal-size.js';
import { runQuickSuite, type ValidationRunner } from './validation-run.js';
import { ValidationView } from './validation-view.js';

export interface AppProps {
  initial: DashState;
  sources: Sources;
  colour: boolean;
  runValidation?: ValidationRunner;
  /** fixed size (tests); otherwise the terminal's, following resizes */
  size?: Size;
  cache?: DeriveCache;
}

export function App({ initial, sources, colour, runValidation = runQuickSuite, size, cache }: AppProps) {
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
    const r = keyToActions(input, key, latest.current);
    for (const a of r.actions) send(a);
    if (r.effect === 'quit') {
      stopped.current = true;
      exit();
    } else if (r.effect === 'validate') {
      startValidation();
    }
  });

  return <ColourContext.Provider value={colour}>{body(state, derived, columns, rows)}</ColourContext.Provider>;
}

function body(state: DashState, derived: ReturnType<typeof derive>, columns: number, rows: number) {
  if (state.overlay === 'help') return <HelpOverlay columns={columns} />;
  if (state.overlay === 'validation') return <ValidationView validation={state.validation} columns={columns} rows={rows} />;
  const s = state.settings;
  const narrow = columns < 72;
  const first = derived.outcomes.find((o) => o.result !== null)?.result ?? null;
  const segprop = derived.outcomes.find((o) => o.strategy === 'segprop');
  const placement = segprop?.result?.settings.placement ?? null;
  const layout = layoutFor(columns, rows, knobsLines(s, columns, narrow, placement), state.strategies.length);
  const showMemory = layout.bothPanels || state.panel === 'memory';
  const showStages = layout.bothPanels || state.panel === 'stages';
  return (
    <Box flexDirection="column" width={columns}>
      <Header
        modelName={derived.model?.name ?? s.models[s.model]}
        totalParams={first ? first.model.params.total : null}
        gpu={derived.gpu}
        gpus={s.gpus}
        nodes={s.nodes}
        columns={columns}
      />
      <KnobsPanel settings={s} selected={state.selected} edit={state.edit} segpropShown={segprop !== undefined} narrow={layout.narrow} placement={placement} />
      <StrategyTable outcomes={derived.outcomes} winner={derived.winner} layout={layout} auto={s.microBatch === 'auto'} />
      {showMemory && <MemoryPanel outcomes={derived.outcomes} capacityBytes={derived.gpu?.memoryBytes ?? null} layout={layout} />}
      {showStages && <StageBars result={segprop?.result ?? null} error={segprop ? segprop.error : null} layout={layout} />}
      <Footer selected={state.selected} message={state.message} editing={state.edit !== null} columns={columns} canTab={!layout.bothPanels} />
    </Box>
  );
}
