// GitHub-flavoured Markdown tables from the same Table the terminal prints.
import { escapeMarkdown } from './escape.js';
import type { Table } from './table.js';

function cell(s: string): string {
  return escapeMarkdown(s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|'));
}

export function tableToMarkdown(t: Table, headingLevel = 3): string {
  const out: string[] = [];
  if (t.title) out.push(`${'#'.repeat(headingLevel)} ${cell(t.title)}`, '');
  out.push(`| ${t.columns.map((c) => cell(c.header)).join(' | ')} |`);
  out.push(`|${t.columns.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`);
  for (const r of t.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
  if (t.notes?.length) out.push('', ...t.notes.map((n) => `${cell(n)}  `));
  return `${out.join('\n')}\n`;
}
