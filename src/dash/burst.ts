// Input that arrives in one read (a paste, a fast typist, tmux send-keys "8" Enter) reaches useInput as one
// string, "8\r". Split into single keys, it edits a knob exactly as the same keys typed one by one would.
// Escape sequences (arrows, ...) are separate events already (ink's input parser); only plain characters
// are split here.
import type { Key } from 'ink';

/** a key event with no modifier and no special key pressed */
export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** one character as ink's useInput reports it when it arrives alone */
function single(ch: string): { input: string; key: Key } {
  if (ch === '\r' || ch === '\n') return { input: '', key: { ...NO_KEY, return: true } };
  if (ch === '\t') return { input: '', key: { ...NO_KEY, tab: true } };
  if (ch === '\u007F' || ch === '\b') return { input: '', key: { ...NO_KEY, backspace: true } };
  if (ch < ' ') return { input: String.fromCharCode(ch.charCodeAt(0) + 96), key: { ...NO_KEY, ctrl: true } };
  return { input: ch, key: { ...NO_KEY, shift: /[A-Z]/.test(ch) } };
}

export function keystrokes(input: string, key: Key): Array<{ input: string; key: Key }> {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta || input.startsWith('\u001B')) return [{ input, key }];
  return chars.map(single);
}
