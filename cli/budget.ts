// --tokens / --samples / --epochs with --dataset-size, and --price: the training budget a plan prices.
import { SpecError, UserError } from '../src/errors.js';
import { amountOf } from '../src/job/amount.js';
import type { TrainingBudget, TrainingRequest } from '../src/time/time-to-train.js';
import type { Scenario } from '../src/scenario/types.js';
import type { Parsed } from './args.js';

/** A positive amount: 2000000, 2e6, 2M, 1.5T (src/job/amount.ts). */
export function parseAmount(flag: string, raw: string, integer: boolean): number {
  const n = amountOf(raw) ?? NaN;
  const ok = Number.isFinite(n) && n > 0 && (!integer || (Number.isSafeInteger(Math.round(n)) && Math.abs(n - Math.round(n)) < 1e-9 * n));
  if (!ok) {
    throw new UserError(`--${flag}: expected a positive ${integer ? 'whole ' : ''}number such as 2e12, 300B or 1.5T, got ${JSON.stringify(raw)}`);
  }
  return integer ? Math.round(n) : n;
}

/** A scenario's `training`: exactly one kind of budget (the schema checks the types and epochs with datasetSize). */
function fromScenario(t: Scenario['training'], file: string): TrainingRequest | undefined {
  if (!t) return undefined;
  const kinds = (['tokens', 'samples', 'epochs'] as const).filter((k) => t[k] !== undefined);
  if (kinds.length !== 1) {
    throw new SpecError(
      file,
      '/training',
      kinds.length === 0 ? 'needs a budget: tokens, samples, or epochs with datasetSize' : `give one budget, not ${kinds.join(' and ')}`,
    );
  }
  const budget: TrainingBudget =
    t.tokens !== undefined ? { tokens: t.tokens } : t.samples !== undefined ? { samples: t.samples } : { epochs: t.epochs!, datasetSize: t.datasetSize! };
  return { budget, ...(t.usdPerGpuHour !== undefined ? { usdPerGpuHour: t.usdPerGpuHour } : {}) };
}

/** The budget the flags ask for, else the scenario's (a --price alone prices the scenario's budget); undefined when none. */
export function trainingRequestOf(args: Parsed, scenario?: { training?: Scenario['training']; file: string }): TrainingRequest | undefined {
  const raw = (name: string) => args.flags[name] as string | undefined;
  const given = (['tokens', 'samples', 'epochs'] as const).filter((n) => raw(n) !== undefined);
  if (given.length > 1) throw new UserError(`give one of --tokens, --samples and --epochs, not ${given.map((n) => `--${n}`).join(' and ')}`);
  if (raw('epochs') !== undefined && raw('dataset-size') === undefined) throw new UserError('--epochs needs --dataset-size (samples in the dataset)');
  if (raw('dataset-size') !== undefined && raw('epochs') === undefined) throw new UserError('--dataset-size needs --epochs');
  const price = raw('price') === undefined ? undefined : parseAmount('price', raw('price')!.replace(/^\$/, ''), false);
  const pinned = scenario ? fromScenario(scenario.training, scenario.file) : undefined;
  if (given.length === 0) {
    if (pinned) return price === undefined ? pinned : { ...pinned, usdPerGpuHour: price };
    if (price !== undefined) throw new UserError('--price needs a budget: --tokens, --samples or --epochs with --dataset-size');
    return undefined;
  }
  let budget: TrainingBudget;
  if (given[0] === 'tokens') budget = { tokens: parseAmount('tokens', raw('tokens')!, true) };
  else if (given[0] === 'samples') budget = { samples: parseAmount('samples', raw('samples')!, true) };
  else budget = { epochs: parseAmount('epochs', raw('epochs')!, false), datasetSize: parseAmount('dataset-size', raw('dataset-size')!, true) };
  const usdPerGpuHour = price ?? pinned?.usdPerGpuHour;
  return { budget, ...(usdPerGpuHour !== undefined ? { usdPerGpuHour } : {}) };
}
