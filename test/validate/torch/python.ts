// The Python interpreter the PyTorch tests use: SEGPLAN_PYTHON, python3 on the PATH, then Debian's
// /usr/bin/python3 (where apt-get install python3-torch puts torch), the first that imports torch.
import { spawnSync } from 'node:child_process';
import { requireTool, type Tool } from '../../tools.js';

export const TORCH_INSTALL = 'apt-get install -y python3-torch python3-torchvision (what .ci/run does)';

let found: { python: string | null; tried: string[] } | undefined;

export function pythonWithTorch(): { python: string | null; tried: string[] } {
  if (found) return found;
  const tried = [process.env.SEGPLAN_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  for (const p of tried) {
    const r = spawnSync(p, ['-c', 'import torch, torchvision'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return (found = { python: p, tried });
  }
  return (found = { python: null, tried });
}

export function skipReason(): string {
  return `PyTorch not found (tried ${pythonWithTorch().tried.join(', ')}): ${TORCH_INSTALL}`;
}

const PYTORCH: Tool = { command: 'python3', versionArgs: ['-c', 'import torch, torchvision'], aptPackage: 'python3-torch python3-torchvision' };

/** The interpreter with torch; otherwise the test skips with the reason (fails under SEGPLAN_REQUIRE_TOOLS=1, as in CI). */
export function requireTorch(ctx: { skip: (condition: boolean, note?: string) => void }): string {
  const { python } = pythonWithTorch();
  if (python) return python;
  requireTool(ctx, PYTORCH, skipReason());
  throw new Error('unreachable: requireTool skips or throws');
}
