// Colour on or off for the whole dashboard. chalk 5 (which ink uses) does not read NO_COLOR, so the
// dashboard decides itself: with colour off, components get no colour props at all, and every meaning is
// also carried by text and glyphs (★ winner, ✗ infeasible, [selected], bar glyphs).
import { createContext, useContext } from 'react';

export type Role = 'accent' | 'good' | 'bad' | 'warn' | 'muted' | 'selected' | 'title' | 'heading';

export interface Look {
  color?: string;
  bold?: boolean;
  inverse?: boolean;
  dimColor?: boolean;
}

const COLOURED: Record<Role, Look> = {
  accent: { color: 'cyan' },
  good: { color: 'green' },
  bad: { color: 'red' },
  warn: { color: 'yellow' },
  muted: { color: 'gray' },
  selected: { color: 'black', inverse: true },
  title: { color: 'cyan', bold: true },
  heading: { bold: true },
};

const PLAIN: Record<Role, Look> = {
  accent: {},
  good: {},
  bad: {},
  warn: {},
  muted: {},
  selected: { bold: true },
  title: { bold: true },
  heading: { bold: true },
};

/** NO_COLOR set to anything non-empty turns colour off (https://no-color.org) */
export function colourWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NO_COLOR === undefined || env.NO_COLOR === '';
}

export const ColourContext = createContext<boolean>(true);

export function useLook(): (role: Role) => Look {
  const on = useContext(ColourContext);
  return (role) => (on ? COLOURED : PLAIN)[role];
}

/** a colour name only when colour is on (for bar segments) */
export function useColour(): (name: string) => string | undefined {
  const on = useContext(ColourContext);
  return (name) => (on ? name : undefined);
}
