// STUB (created by the CLI engineer): `segplan validate` belongs to the validation engineer, who replaces
// this file. It is registered in main's command table so that the command name is reserved.
import { UserError } from '../../src/errors.js';
import type { Command } from '../command.js';

export const command: Command = {
  spec: { name: 'validate', summary: 'Check the planner against measured runs (not available yet).', positionals: [], flags: [] },
  async run() {
    throw new UserError('segplan validate is not available in this build yet');
  },
};
