// A ReportDocument as one self-contained HTML page: inline CSS and inline SVG, no scripts, no network.
// Every piece of text goes through escapeHtml.
import type { ReportDocument } from './document.js';
import { escapeHtml } from './escape.js';
import type { Table } from './table.js';

const CSS = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.85rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; }
th { background: #f2f2f2; }
td.r { text-align: right; font-variant-numeric: tabular-nums; }
tr.warn td { color: #b00020; }
tr.mark td { background: #eef6ff; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
p.note { font-size: 0.8rem; color: #555; margin: -1rem 0 1.5rem; }
figure { margin: 1rem 0 2rem; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.8rem; color: #555; }
`;

function table(t: Table): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c.header)}</th>`).join('');
  const rows = t.rows
    .map((r, i) => {
      const cls = t.warnRows?.has(i) ? ' class="warn"' : t.markRows?.has(i) ? ' class="mark"' : '';
      const cells = r.map((cell, j) => `<td${t.columns[j]?.align === 'right' ? ' class="r"' : ''}>${escapeHtml(cell)}</td>`).join('');
      return `<tr${cls}>${cells}</tr>`;
    })
    .join('\n');
  const caption = t.title ? `<caption>${escapeHtml(t.title)}</caption>` : '';
  const notes = (t.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n');
  return `<table>${caption}<thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>\n${notes}`;
}

export function renderHtml(doc: ReportDocument): string {
  const body = doc.blocks
    .map((b) => {
      switch (b.kind) {
        case 'heading':
          return `<h${b.level}>${escapeHtml(b.text)}</h${b.level}>`;
        case 'paragraph':
          return `<p>${escapeHtml(b.text)}</p>`;
        case 'list':
          return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
        case 'table':
          return table(b.table);
        case 'chart':
          return `<figure role="img" aria-label="${escapeHtml(b.alt)}">${b.svg}<figcaption>${escapeHtml(b.alt)}</figcaption></figure>`;
      }
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
${body}
</body>
</html>
`;
}
