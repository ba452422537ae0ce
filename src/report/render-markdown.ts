// A ReportDocument as Markdown. Charts exist only in the HTML file; Markdown names them and keeps the tables.
// Every text is escaped: a scenario's `<script>` shows as text, never as HTML.
import type { ReportDocument } from './document.js';
import { escapeMarkdown as md } from './escape.js';
import { tableToMarkdown } from './markdown-table.js';

export function renderMarkdown(doc: ReportDocument, htmlName: string): string {
  const out: string[] = [`# ${md(doc.title)}`, ''];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${md(b.text)}`, '');
        break;
      case 'paragraph':
        out.push(md(b.text), '');
        break;
      case 'list':
        out.push(...b.items.map((i) => `- ${md(i)}`), '');
        break;
      case 'table':
        out.push(tableToMarkdown(b.table, 4));
        break;
      case 'chart':
        out.push(`*Chart (in ${md(htmlName)}): ${md(b.alt)}*`, '');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
