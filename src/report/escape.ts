// Text into HTML and Markdown: every string from a plan, a scenario or a file name passes through here.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * Text into one Markdown line: HTML's three special characters as entities (Markdown passes raw HTML through, and
 * renderers show entities as the characters), line breaks as spaces (a break could start a new block).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c]!).replace(/[\r\n]+/g, ' ');
}
