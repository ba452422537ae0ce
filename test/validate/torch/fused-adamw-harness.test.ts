// The CPU harness and fused AdamW: torch 1.13 (this machine's) has no `fused` argument, so the harness must refuse
// the case and say which torch it has and what it needs; a newer torch builds the optimizer. Needs PyTorch (skipped
// with the reason without it); run by `npm test`, not by the in-process `npm run test:unit`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../root.js';
import { requireTorch } from './python.js';

describe('fused AdamW in the CPU harness', () => {
  it('the harness refuses fused AdamW on a torch without it, saying which torch and what it needs', (ctx) => {
    const python = requireTorch(ctx);
    const script = [
      'import sys, torch',
      `sys.path.insert(0, ${JSON.stringify(join(ROOT, 'harness'))})`,
      'import inspect, torch_harness as h',
      'has = "fused" in inspect.signature(torch.optim.AdamW).parameters',
      'try:',
      '    h._optimizer("adamw-fused", [torch.nn.Parameter(torch.zeros(2))]); print("built", has)',
      'except RuntimeError as e:',
      '    print("refused", has, e)',
    ].join('\n');
    const r = spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim();
    // torch 1.13 (CI's Debian package) has no `fused` argument; a newer torch builds the optimizer
    if (out.startsWith('refused')) expect(out).toMatch(/^refused False torch \S+ has no fused AdamW: .*needs torch >= 2\.0/);
    else expect(out).toBe('built True');
  });
});
