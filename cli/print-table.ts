// Prints a report table as Markdown (--md) or as a terminal table; the Markdown module loads only when asked.
import type { Table } from '../src/report/table.js';
import { renderTable } from './format/terminal-table.js';
import { print } from './out.js';

export async function printTable(table: Table, format: string): Promise<void> {
  if (format === 'md') {
    const { tableToMarkdown } = await import('../src/report/markdown-table.js');
    print(tableToMarkdown(table));
  } else {
    print(renderTable(table));
  }
}
