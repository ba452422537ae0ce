// What each bar glyph means (narrow terminals: the component's initial).
import { Box, Text } from 'ink';
import { CAPACITY_GLYPH, FREE_GLYPH, MEMORY_PARTS } from './memory-parts.js';
import { useColour } from './theme.js';

export function Legend({ narrow }: { narrow: boolean }) {
  const colour = useColour();
  return (
    <Box flexWrap="wrap">
      {MEMORY_PARTS.map((p) => (
        <Text key={p.part}>
          <Text color={colour(p.colour)}>{p.glyph}</Text>
          {narrow ? p.label[0] : ` ${p.label}`}{' '}
        </Text>
      ))}
      <Text>
        {FREE_GLYPH}
        {narrow ? '' : ' free'} {CAPACITY_GLYPH}
        {narrow ? '' : ' cap'}
      </Text>
    </Box>
  );
}
