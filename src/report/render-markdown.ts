// A ReportDocument as Markdown. Charts exist only in the HTML file; Markdown names them and keeps the tables.
import type { ReportDocument } from './document.js';
import { tableToMarkdown } from './markdown-table.js';

export function renderMarkdown(doc: ReportDocument, htmlName: string): string {
  const out: string[] = [`# ${doc.title}`, ''];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${b.text}`, '');
        break;
      case 'paragraph':
        out.push(b.text, '');
        break;
      case 'list':
        out.push(...b.items.map((i) => `- ${i}`), '');
        break;
      case 'table':
        out.push(tableToMarkdown(b.table, 4));
        break;
      case 'chart':
        out.push(`*Chart (in ${htmlName}): ${b.alt}*`, '');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
