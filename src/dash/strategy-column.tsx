// One strategy's column: title (★ marks the winner), feasibility, then the engine's numbers. An engine
// error replaces the numbers with its message.
import { Box, Text } from 'ink';
import { cellText, type RowDef } from './column-values.js';
import { clip } from './format.js';
import { infeasibility, type Outcome, STRATEGY_TITLES } from './outcome.js';
import { useLook } from './theme.js';

export interface StrategyColumnProps {
  outcome: Outcome;
  rows: readonly RowDef[];
  width: number;
  winner: boolean;
  auto: boolean;
}

export function StrategyColumn({ outcome, rows, width, winner, auto }: StrategyColumnProps) {
  const look = useLook();
  const why = infeasibility(outcome);
  const name = `${winner ? '★ ' : ''}${STRATEGY_TITLES[outcome.strategy]}`;
  const title = winner && name.length + 7 <= width - 1 ? `${name} winner` : name;
  const statusLook = why === null ? look('good') : look('bad');
  const [status, ...values] = rows;
  return (
    <Box flexDirection="column" width={width} paddingRight={1}>
      <Text {...(winner ? look('title') : { bold: true })} wrap="truncate">
        {clip(title, width - 1)}
      </Text>
      {status && <Text {...statusLook} wrap="truncate">{clip(cellText(outcome, status.id, auto), width - 1)}</Text>}
      {outcome.error !== null ? (
        <Box height={values.length} width={width - 1} overflow="hidden">
          <Text {...look('warn')} wrap="wrap">
            {outcome.error}
          </Text>
        </Box>
      ) : (
        values.map((r) => (
          <Text key={r.id} wrap="truncate">
            {clip(cellText(outcome, r.id, auto), width - 1)}
          </Text>
        ))
      )}
    </Box>
  );
}
