// Optional tools some tests drive (headless Chromium, tmux). When one is absent the test skips and says why and
// how to install it; with SEGPLAN_REQUIRE_TOOLS=1 (CI) an absent tool fails the test instead, so a CI machine
// that lost a package cannot pass by skipping.
import { spawnSync } from 'node:child_process';

export interface Tool {
  /** what the tests run */
  command: string;
  /** arguments that make it print its version and exit 0 */
  versionArgs: string[];
  /** the Debian/Ubuntu package that provides it */
  aptPackage: string;
}

export const CHROMIUM: Tool = { command: '/usr/bin/chromium', versionArgs: ['--version'], aptPackage: 'chromium' };
export const TMUX: Tool = { command: 'tmux', versionArgs: ['-V'], aptPackage: 'tmux' };

/** Why `tool` cannot run here, or undefined when it answers its version query (a half-installed package does not). */
export function missingReason(tool: Tool): string | undefined {
  const r = spawnSync(tool.command, tool.versionArgs, { encoding: 'utf8', timeout: 30_000 });
  if (r.status === 0) return undefined;
  const why = r.error ? ((r.error as NodeJS.ErrnoException).code ?? r.error.message) : `exit ${String(r.status ?? r.signal)}`;
  return `${tool.command} is not usable here (${why}); install it with: apt-get install -y ${tool.aptPackage}`;
}

/** In a test or beforeEach: skip with the reason when the tool is missing (fail instead under SEGPLAN_REQUIRE_TOOLS=1). */
export function requireTool(ctx: { skip: (condition: boolean, note?: string) => void }, tool: Tool, reason = missingReason(tool)): void {
  if (reason === undefined) return;
  if (process.env.SEGPLAN_REQUIRE_TOOLS === '1') throw new Error(`SEGPLAN_REQUIRE_TOOLS=1 but ${reason}`);
  // the default reporter does not print skip notes; the warning puts the reason in the test log
  console.warn(`skipped: ${reason}`);
  ctx.skip(true, reason);
}

/** Headless Chromium with a throwaway profile and its log on stderr (what the report tests read for page problems). */
export function chromium(args: string[], profile: string) {
  return spawnSync(
    CHROMIUM.command,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--enable-logging=stderr',
      '--v=0',
      ...args,
    ],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
}

/** The page's problems in Chromium's logs: console messages, CSP refusals, failed loads (dbus noise is not the page's). */
export function pageProblems(...logs: string[]): string[] {
  return logs.flatMap((log) => log.split('\n')).filter((l) => /CONSOLE|Refused to|net::ERR_|Uncaught/.test(l));
}
