// A progress bar of `done` out of `total` steps, e.g. "[██████······]  5/12".
import { Text } from 'ink';
import { useColour } from './theme.js';

export function ProgressBar({ done, total, width }: { done: number; total: number; width: number }) {
  const colour = useColour();
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return (
    <Text>
      [<Text color={colour('green')}>{'█'.repeat(filled)}</Text>
      {'·'.repeat(width - filled)}] {String(done).padStart(String(total).length)}/{total}
    </Text>
  );
}
