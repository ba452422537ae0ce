// The engine's messages, each once: strategies refused for the same reason (16 GPUs on one node refuses all
// of them) share one message, which names them and wraps over the full width.
import type { Line } from './line.js';
import { wrapWords } from './line.js';
import { type Outcome, STRATEGY_TITLES } from './outcome.js';

export function errorLines(outcomes: readonly Outcome[], columns: number): Line[] {
  const byMessage = new Map<string, string[]>();
  for (const o of outcomes) {
    if (o.error === null) continue;
    byMessage.set(o.error, [...(byMessage.get(o.error) ?? []), STRATEGY_TITLES[o.strategy]]);
  }
  const lines: Line[] = [];
  for (const [message, names] of byMessage) {
    for (const text of wrapWords(`! ${names.join(', ')}: ${message}`, columns)) lines.push([{ text, role: 'warn' }]);
  }
  return lines;
}
