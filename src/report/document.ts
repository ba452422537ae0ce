// A report as a list of blocks; markdown.ts and html.ts turn the same blocks into their formats.
import type { Table } from './table.js';

export type Block =
  | { kind: 'heading'; text: string; level: 1 | 2 | 3 }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; table: Table }
  /** an SVG rendered by vega (which escapes its own text); `alt` is shown in Markdown instead */
  | { kind: 'chart'; svg: string; alt: string };

export interface ReportDocument {
  title: string;
  blocks: Block[];
}
