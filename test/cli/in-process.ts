// Runs the CLI in this process through main(argv, io): the same code as the binary, without a process start.
import { main } from '../../cli/run-cli.js';
import type { Run } from './run.js';

export async function segplanIn(argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), errIsTTY: false });
  return { code, stdout, stderr };
}
