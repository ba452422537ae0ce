// The strategies side by side: a label column, then one column per shown strategy.
import { Box, Text } from 'ink';
import { ROWS } from './column-values.js';
import type { Layout } from './layout.js';
import type { Outcome } from './outcome.js';
import { StrategyColumn } from './strategy-column.js';
import type { StrategyName } from '../plan/types.js';
import { useLook } from './theme.js';

export interface StrategyTableProps {
  outcomes: readonly Outcome[];
  winner: StrategyName | null;
  layout: Layout;
  auto: boolean;
}

export function StrategyTable({ outcomes, winner, layout, auto }: StrategyTableProps) {
  const look = useLook();
  const rows = ROWS.filter((r) => layout.detailRows || !r.detail);
  const width = Math.max(10, Math.floor((layout.columns - layout.labelWidth) / Math.max(1, outcomes.length)));
  return (
    <Box>
      <Box flexDirection="column" width={layout.labelWidth}>
        <Text> </Text>
        {rows.map((r) => (
          <Text key={r.id} {...look('muted')} wrap="truncate">
            {layout.narrow ? r.short : r.label}
          </Text>
        ))}
      </Box>
      {outcomes.map((o) => (
        <StrategyColumn key={o.strategy} outcome={o} rows={rows} width={width} winner={o.strategy === winner} auto={auto} />
      ))}
    </Box>
  );
}
