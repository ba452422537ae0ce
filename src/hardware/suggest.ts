// "Did you mean …?" for unknown ids: ids containing what was typed first, then by edit distance.

import { editDistance } from '../edit-distance.js';

export { editDistance };

/**
 * Up to `max` ids closest to `query` (case-insensitive): ids that contain the query come first, then ids within
 * an edit distance of max(2, ⌊query length / 2⌋), nearer first, ties in catalog order.
 */
export function closestIds(query: string, ids: readonly string[], max = 3): string[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const limit = Math.max(2, Math.floor(q.length / 2));
  return ids
    .map((id, order) => ({ id, order, contains: id.includes(q), distance: editDistance(q, id, limit) }))
    .filter((c) => c.contains || c.distance <= limit)
    .sort((x, y) => Number(y.contains) - Number(x.contains) || x.distance - y.distance || x.order - y.order)
    .slice(0, max)
    .map((c) => c.id);
}

/** `unknown GPU "a100"; did you mean a100-40gb, a100-80gb, a100-40gb-pcie? Known: …` (one line). */
export function unknownIdMessage(what: string, query: string, ids: readonly string[]): string {
  const near = closestIds(query, ids);
  const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : '.';
  return `unknown ${what} ${JSON.stringify(query)}${hint} Known: ${ids.join(', ')}`;
}
