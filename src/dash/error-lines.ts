// The engine's messages, each once: strategies refused for the same reason (16 GPUs on one node refuses all
// of them) share one message, which names them and wraps over the full width (continued lines indented).
import { RequestError } from '../errors.js';
import { KNOBS, knobParameter } from './knobs.js';
import { type Line, wrapWords } from './line.js';
import { type Outcome, STRATEGY_TITLES } from './outcome.js';

/** An engine error in the dashboard's words: the knob that sets the request field, else the field itself. */
export function knobMessage(e: RequestError): string {
  const knob = KNOBS.find((k) => knobParameter(k.id)?.field === e.field);
  return knob ? RequestError.text(knob.label, e.value, e.reason) : e.message;
}

export function errorLines(outcomes: readonly Outcome[], columns: number): Line[] {
  const byMessage = new Map<string, string[]>();
  for (const o of outcomes) {
    if (o.error === null) continue;
    byMessage.set(o.error, [...(byMessage.get(o.error) ?? []), STRATEGY_TITLES[o.strategy]]);
  }
  const lines: Line[] = [];
  for (const [message, names] of byMessage) {
    wrapWords(`! ${names.join(', ')}: ${message}`, columns - 2).forEach((text, i) => lines.push([{ text: i === 0 ? text : `  ${text}`, role: 'warn' }]));
  }
  return lines;
}
