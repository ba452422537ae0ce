// Draws the lines the panels computed, one ink Text per line. Each line is already cut to the terminal's
// width (line.ts); `truncate` is only a guard, so ink never wraps a line onto a second row. Neighbouring
// pieces that end up with the same style are drawn as one (without colour a bar is one piece, not one per
// memory component), which keeps ink's layout work small.
import { Box, Text } from 'ink';
import type { Line } from './line.js';
import { type Look, useColour, useLook } from './theme.js';

interface Run {
  text: string;
  style: Look;
  key: string;
}

export function Screen({ lines, columns }: { lines: readonly Line[]; columns: number }) {
  const look = useLook();
  const colour = useColour();
  const runs = (line: Line): Run[] => {
    const out: Run[] = [];
    for (const p of line) {
      const base = p.role ? look(p.role) : {};
      const style = p.colour && colour(p.colour) ? { ...base, color: colour(p.colour) } : base;
      const key = JSON.stringify(style);
      const last = out[out.length - 1];
      if (last && last.key === key) last.text += p.text;
      else out.push({ text: p.text, style, key });
    }
    return out;
  };
  return (
    <Box flexDirection="column" width={columns}>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line.length === 0
            ? ' '
            : runs(line).map((r, j) => (
                <Text key={j} {...r.style}>
                  {r.text}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}
