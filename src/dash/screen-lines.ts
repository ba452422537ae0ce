// The whole screen as lines: the panels' lines stacked in the rows layout.ts allots them, each cut to the
// terminal's width. Pure: a function of the state, the engine's plans and the terminal size.
import type { Derived } from './derive.js';
import { errorLines } from './error-lines.js';
import { footerLines } from './footer.js';
import { headerLine } from './header.js';
import { helpLines } from './help-overlay.js';
import { knobsLines } from './knobs-panel.js';
import { allot, baseLayout } from './layout.js';
import { clipLine, type Line } from './line.js';
import { memoryCoreHeight, memoryLines } from './memory-panel.js';
import { stageLines } from './stage-panel.js';
import type { DashState } from './state.js';
import { tableLines, tableRows } from './strategy-table.js';
import { validationLines } from './validation-view.js';

function dashboard(state: DashState, derived: Derived, columns: number, rows: number): Line[] {
  const s = state.settings;
  const base = baseLayout(columns, rows);
  const first = derived.outcomes.find((o) => o.result !== null)?.result ?? null;
  const segprop = derived.outcomes.find((o) => o.strategy === 'segprop');
  const placement = segprop?.result?.settings.placement ?? null;
  const capacity = derived.gpu?.memoryBytes ?? null;
  const table = { outcomes: derived.outcomes, winner: derived.winner, auto: s.microBatch === 'auto' };

  const header = headerLine(
    {
      modelName: derived.model?.name ?? s.models[s.model] ?? '?',
      totalParams: first ? first.model.params.total : null,
      gpu: derived.gpu,
      gpus: s.gpus,
      nodes: s.nodes,
    },
    columns,
  );
  const knobs = knobsLines(
    { settings: s, selected: state.selected, edit: state.edit, segpropShown: segprop !== undefined, narrow: base.narrow, placement },
    columns,
  );
  const errors = errorLines(derived.outcomes, columns);
  const coreRows = tableRows(table, false).length;
  const detail = base.detailRows ? tableRows(table, true).length - coreRows : 0;
  const stageFull = segprop?.result ? 1 + segprop.result.stages.length : 1;
  const share = allot(
    rows - 1,
    {
      fixed: 1 + knobs.length + 1 + coreRows + errors.length + 2,
      detail,
      memory: memoryCoreHeight(derived.outcomes, capacity),
      stageMin: Math.min(3, stageFull),
      stageFull,
    },
    state.panel,
  );
  const layout = { ...base, detailRows: share.detailRows };
  return [
    header,
    ...knobs,
    ...tableLines(table, layout),
    ...errors,
    ...(share.memory ? memoryLines(derived.outcomes, capacity, layout, share.legend) : []),
    ...(share.stages > 0 ? stageLines(segprop?.result ?? null, segprop !== undefined, layout, share.stages) : []),
    ...footerLines({ selected: state.selected, message: state.message, editing: state.edit !== null, canTab: !share.bothPanels }, columns),
  ];
}

export function screenLines(state: DashState, derived: Derived, columns: number, rows: number): Line[] {
  const lines =
    state.overlay === 'help'
      ? helpLines(columns)
      : state.overlay === 'validation'
        ? validationLines(state.validation, columns, rows)
        : dashboard(state, derived, columns, rows);
  // the frame never outgrows the terminal: the allotment above keeps it in; this cut keeps the title on top
  // even on a terminal too small for the essentials
  return lines.slice(0, Math.max(1, rows - 1)).map((l) => clipLine(l, columns));
}
