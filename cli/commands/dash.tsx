// STUB (created by the CLI engineer): `segplan dash` (ink dashboard) belongs to the dashboard engineer, who
// replaces this file. It is registered in main's command table so that the command name is reserved.
import { UserError } from '../../src/errors.js';
import type { Command } from '../command.js';

export const command: Command = {
  spec: { name: 'dash', summary: 'Interactive terminal dashboard (not available yet).', positionals: [], flags: [] },
  async run() {
    throw new UserError('segplan dash is not available in this build yet');
  },
};
