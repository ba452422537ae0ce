// The shape of a command module: its flags (for parsing and --help) and what it does.
import type { CommandSpec, Parsed } from './args.js';

export interface Command {
  spec: CommandSpec;
  /** resolves to the exit code (0 whenever a plan was computed, fits or not) */
  run(args: Parsed): Promise<number>;
}
