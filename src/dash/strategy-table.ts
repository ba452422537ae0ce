// The strategies side by side, drawn row by row: a label column, then one fixed-width cell per shown
// strategy, each cut to its width, so a row is always one line. A column the engine refused shows
// "! error" and blank cells; the message itself is printed once, under the table (error-lines.ts).
import { cellText, ROWS, type RowDef } from './column-values.js';
import type { Layout } from './layout.js';
import { fit, type Line } from './line.js';
import { infeasibility, type Outcome, STRATEGY_TITLES } from './outcome.js';
import type { StrategyName } from '../vocabulary.js';

export interface TableInput {
  outcomes: readonly Outcome[];
  winner: StrategyName | null;
  auto: boolean;
}

/**
 * the rows the table shows: the value rows only when some strategy has a plan; MFU and binding only with room;
 * time to train and cost only when the plans price a training budget
 */
export function tableRows(t: TableInput, detailRows: boolean): RowDef[] {
  const anyPlan = t.outcomes.some((o) => o.result !== null);
  const priced = t.outcomes.some((o) => o.result?.training !== undefined);
  return ROWS.filter((r) => r.id === 'status' || (anyPlan && (detailRows || !r.detail) && (priced || !r.budget)));
}

export function tableLines(t: TableInput, layout: Layout): Line[] {
  const n = Math.max(1, t.outcomes.length);
  const width = Math.floor((layout.columns - layout.labelWidth) / n);
  const cell = (text: string) => `${fit(text, width - 1)} `;
  const title: Line = [{ text: ' '.repeat(layout.labelWidth) }];
  for (const o of t.outcomes) {
    const winner = o.strategy === t.winner;
    const name = `${winner ? '★ ' : ''}${STRATEGY_TITLES[o.strategy]}`;
    const text = winner && name.length + ' winner'.length <= width - 1 ? `${name} winner` : name;
    title.push({ text: cell(text), role: winner ? 'title' : 'heading' });
  }
  const lines: Line[] = [title];
  for (const r of tableRows(t, layout.detailRows)) {
    const line: Line = [{ text: fit(layout.narrow ? r.short : r.label, layout.labelWidth), role: 'muted' }];
    for (const o of t.outcomes) {
      const text = cell(cellText(o, r.id, t.auto));
      if (r.id === 'status') line.push({ text, role: infeasibility(o) === null ? 'good' : 'bad' });
      else line.push({ text });
    }
    lines.push(line);
  }
  return lines;
}
