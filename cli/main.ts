#!/usr/bin/env node
// segplan's executable: the CLI (cli/run-cli.ts) on the process's own streams and arguments.
import { processIo } from './out.js';
import { main } from './run-cli.js';

process.exitCode = await main(process.argv.slice(2), processIo());
