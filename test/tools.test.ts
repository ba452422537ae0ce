// The optional-tool guard itself: a missing tool skips with its install line, a present one runs, and
// SEGPLAN_REQUIRE_TOOLS=1 turns a skip into a failure.
import { afterEach, describe, expect, it } from 'vitest';
import { missingReason, requireTool, type Tool } from './tools.js';

const ABSENT: Tool = { command: 'segplan-no-such-tool', versionArgs: ['--version'], aptPackage: 'no-such-package' };
const NODE: Tool = { command: process.execPath, versionArgs: ['--version'], aptPackage: 'nodejs' };

function recorder() {
  const calls: Array<{ condition: boolean; note?: string }> = [];
  return { calls, skip: (condition: boolean, note?: string) => void calls.push({ condition, note }) };
}

describe('optional tools', () => {
  const saved = process.env.SEGPLAN_REQUIRE_TOOLS;
  afterEach(() => {
    if (saved === undefined) delete process.env.SEGPLAN_REQUIRE_TOOLS;
    else process.env.SEGPLAN_REQUIRE_TOOLS = saved;
  });

  it('an absent tool has a reason that names it and the package to install', () => {
    expect(missingReason(ABSENT)).toBe('segplan-no-such-tool is not usable here (ENOENT); install it with: apt-get install -y no-such-package');
  });

  it('a tool that answers its version query is present', () => {
    expect(missingReason(NODE)).toBeUndefined();
  });

  it('skips with the reason when absent and runs when present', () => {
    delete process.env.SEGPLAN_REQUIRE_TOOLS;
    const absent = recorder();
    requireTool(absent, ABSENT);
    expect(absent.calls).toEqual([{ condition: true, note: missingReason(ABSENT) }]);
    const present = recorder();
    requireTool(present, NODE);
    expect(present.calls).toEqual([]);
  });

  it('fails instead of skipping under SEGPLAN_REQUIRE_TOOLS=1', () => {
    process.env.SEGPLAN_REQUIRE_TOOLS = '1';
    expect(() => requireTool(recorder(), ABSENT)).toThrow(/SEGPLAN_REQUIRE_TOOLS=1 but segplan-no-such-tool is not usable/);
  });
});
