// Draws the lines the panels computed, one ink Text per line. Each line is already cut to the terminal's
// width (line.ts); `truncate` is only a guard, so ink never wraps a line onto a second row.
import { Box, Text } from 'ink';
import type { Line, Piece } from './line.js';
import { type Look, useColour, useLook } from './theme.js';

export function Screen({ lines, columns }: { lines: readonly Line[]; columns: number }) {
  const look = useLook();
  const colour = useColour();
  const style = (p: Piece): Look => {
    const base = p.role ? look(p.role) : {};
    return p.colour ? { ...base, color: colour(p.colour) } : base;
  };
  return (
    <Box flexDirection="column" width={columns}>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line.length === 0
            ? ' '
            : line.map((p, j) => (
                <Text key={j} {...style(p)}>
                  {p.text}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}
