// Hub ids against a local stand-in for the Hugging Face hub, then offline from the cache it filled: the same
// exact parameter counts, huggingface_hub's cache layout, and one-line errors for refusals and no network.
// Each run of the CLI is fresh (new modules, as a new process): what one run fetched must come from the disk
// cache in the next, not from the CLI's model cache in memory.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHubId } from '../../cli/hub/hub-id.js';
import { ROOT, segplan, stderrLines } from '../cli/run.js';
import { gitBlobSha1, startHub, type TestHub } from './hub-server.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'hf-configs');
const MISTRAL = join(FIXTURES, 'mistral-7b-v0.1.json');
const LLAMA = join(FIXTURES, 'llama-2-7b.json');
// published parameter counts (test/fixtures/hf-configs/SOURCES.md)
const MISTRAL_PARAMS = 7_241_732_096;
const LLAMA_PARAMS = 6_738_415_616;
const MAIN = '26bca36bde8333b5d7f72e9ed20ccda6a618af24';
const V2 = '7231864981174d9bee8c7687c24c8344414eae6b';
const TOKEN = 'hf_testtoken';

let hub: TestHub;
let home: string;
/** An endpoint nothing listens on (a port just freed): connection refused, as with no network. */
let DEAD = '';

beforeAll(async () => {
  hub = await startHub({
    'mistralai/Mistral-7B-v0.1': { file: MISTRAL, revisions: { main: MAIN, 'refs/pr/2': V2 } },
    'meta-llama/Llama-2-7b-hf': { file: LLAMA, revisions: { main: V2 }, gatedToken: TOKEN },
  });
  home = mkdtempSync(join(tmpdir(), 'segplan-hf-home-'));
  const freed = await startHub({});
  DEAD = freed.endpoint;
  await freed.close();
});
afterAll(async () => {
  await hub.close();
  rmSync(home, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({ HF_ENDPOINT: hub.endpoint, HF_HOME: home, HF_TOKEN: '', ...extra });
const total = (stdout: string) => (JSON.parse(stdout) as { params: { total: number } }).params.total;
const repoDir = (h: string, folder: string) => join(h, 'hub', folder);

describe('hub ids', () => {
  it('parses org/name[@revision] and refuses what cannot be one', () => {
    expect(parseHubId('mistralai/Mistral-7B-v0.1')).toEqual({ repo: 'mistralai/Mistral-7B-v0.1', revision: 'main' });
    expect(parseHubId('org/name@refs/pr/2')).toEqual({ repo: 'org/name', revision: 'refs/pr/2' });
    for (const bad of ['name', 'a/b/c', './x/config.json', 'org/name.json', 'org/a--b', 'org/name@../../x', 'org/name@', '/org/name']) {
      expect(parseHubId(bad), bad).toBeUndefined();
    }
  });

  it('downloads config.json into the cache layout of huggingface_hub, with the exact parameter count', async () => {
    const r = await segplan(['import', 'mistralai/Mistral-7B-v0.1', '--json'], { fresh: true, env: env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(total(r.stdout)).toBe(MISTRAL_PARAMS);
    const spec = JSON.parse(r.stdout).spec;
    expect(spec.name).toBe('Mistral-7B-v0.1');
    expect(spec.source).toBe(`Hugging Face hub mistralai/Mistral-7B-v0.1 at commit ${MAIN} (MistralForCausalLM)`);

    const dir = repoDir(home, 'models--mistralai--Mistral-7B-v0.1');
    const etag = gitBlobSha1(readFileSync(MISTRAL));
    expect(readFileSync(join(dir, 'refs', 'main'), 'utf8')).toBe(MAIN);
    expect(readFileSync(join(dir, 'blobs', etag))).toEqual(readFileSync(MISTRAL));
    const link = join(dir, 'snapshots', MAIN, 'config.json');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join('..', '..', 'blobs', etag));
    expect(hub.requests.filter((q) => q.includes('Mistral'))).toEqual([
      'HEAD /mistralai/Mistral-7B-v0.1/resolve/main/config.json',
      'GET /mistralai/Mistral-7B-v0.1/resolve/main/config.json',
    ]);
  });

  it('asks the hub only for the commit when the blob is cached (HEAD, no GET)', async () => {
    hub.requests.length = 0;
    const r = await segplan(['import', 'mistralai/Mistral-7B-v0.1', '--json'], { fresh: true, env: env() });
    expect(total(r.stdout)).toBe(MISTRAL_PARAMS);
    expect(hub.requests).toEqual(['HEAD /mistralai/Mistral-7B-v0.1/resolve/main/config.json']);
  });

  it('plans offline from the cache (HF_HUB_OFFLINE=1), with the same count', async () => {
    const offline = env({ HF_HUB_OFFLINE: '1', HF_ENDPOINT: DEAD });
    const r = await segplan(['plan', 'mistralai/Mistral-7B-v0.1', '--strategy', 'fsdp', '--gpu', 'a100-80gb', '--json'], { fresh: true, env: offline });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).model.params.total).toBe(MISTRAL_PARAMS);
    const pinned = await segplan(['import', `mistralai/Mistral-7B-v0.1@${MAIN}`, '--json'], { fresh: true, env: offline });
    expect(total(pinned.stdout)).toBe(MISTRAL_PARAMS);
  });

  it('falls back to the cache when the hub cannot be reached', async () => {
    const r = await segplan(['import', 'mistralai/Mistral-7B-v0.1', '--json'], { fresh: true, env: env({ HF_ENDPOINT: DEAD }) });
    expect(r.code).toBe(0);
    expect(total(r.stdout)).toBe(MISTRAL_PARAMS);
  });

  it('reads a cache huggingface_hub wrote (built here by hand), offline', async () => {
    const other = mkdtempSync(join(tmpdir(), 'segplan-hf-other-'));
    const dir = repoDir(other, 'models--meta-llama--Llama-2-7b-hf');
    const etag = gitBlobSha1(readFileSync(LLAMA));
    mkdirSync(join(dir, 'blobs'), { recursive: true });
    mkdirSync(join(dir, 'refs'), { recursive: true });
    mkdirSync(join(dir, 'snapshots', V2), { recursive: true });
    copyFileSync(LLAMA, join(dir, 'blobs', etag));
    writeFileSync(join(dir, 'refs', 'main'), V2);
    symlinkSync(join('..', '..', 'blobs', etag), join(dir, 'snapshots', V2, 'config.json'));
    const r = await segplan(['import', 'meta-llama/Llama-2-7b-hf', '--json'], { fresh: true, env: { HF_HOME: other, HF_HUB_OFFLINE: '1', HF_ENDPOINT: DEAD } });
    rmSync(other, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(total(r.stdout)).toBe(LLAMA_PARAMS);
  });

  it('sends the token of $HF_HOME/token for a gated model, and HF_TOKEN before it', async () => {
    const anonymous = await segplan(['import', 'meta-llama/Llama-2-7b-hf', '--json'], { fresh: true, env: env() });
    expect(anonymous.code).toBe(2);
    expect(stderrLines(anonymous)).toEqual([
      'segplan: error: Hugging Face hub: meta-llama/Llama-2-7b-hf: the model is gated: accept its license on the hub (401); set HF_TOKEN or run `huggingface-cli login` if you have access',
    ]);
    writeFileSync(join(home, 'token'), `${TOKEN}\n`);
    const fromFile = await segplan(['import', 'meta-llama/Llama-2-7b-hf', '--json'], { fresh: true, env: env() });
    expect(total(fromFile.stdout)).toBe(LLAMA_PARAMS);
    const wrong = await segplan(['import', 'meta-llama/Llama-2-7b-hf@refs/pr/9', '--json'], { fresh: true, env: env({ HF_TOKEN: 'hf_wrong' }) });
    expect(wrong.code).toBe(2);
    expect(stderrLines(wrong)).toEqual([
      'segplan: error: Hugging Face hub: meta-llama/Llama-2-7b-hf@refs/pr/9: the model is gated: accept its license on the hub (403); the token (HF_TOKEN or $HF_HOME/token) has no access',
    ]);
    rmSync(join(home, 'token'));
  });

  it('says in one line when a model or revision does not exist, or the hub is unreachable with nothing cached', async () => {
    // exit 2 for what the user can fix, 1 for a network that fails (docs/cli.md)
    const cases: Array<[string[], Record<string, string>, string, number]> = [
      [['plan', 'nobody/no-such-model'], env(), 'Hugging Face hub: nobody/no-such-model: no such model, or a private one (401); set HF_TOKEN', 2],
      [['plan', 'mistralai/Mistral-7B-v0.1@v9'], env(), 'Hugging Face hub: mistralai/Mistral-7B-v0.1@v9: no revision "v9" (404)', 2],
      [
        ['plan', 'org/never-cached'],
        env({ HF_ENDPOINT: DEAD }),
        `Hugging Face hub: org/never-cached: cannot reach ${DEAD} (ECONNREFUSED), and config.json is not in the cache`,
        1,
      ],
      [
        ['plan', 'org/never-cached'],
        env({ HF_HUB_OFFLINE: '1' }),
        'Hugging Face hub: org/never-cached: offline (HF_HUB_OFFLINE is set), and config.json is not in the cache',
        2,
      ],
    ];
    for (const [args, e, message, code] of cases) {
      const r = await segplan(args, { fresh: true, env: e });
      expect(r.code, args.join(' ')).toBe(code);
      expect(stderrLines(r)).toHaveLength(1);
      expect(r.stderr).toContain(`segplan: error: ${message}`);
    }
  });

  it('fetches a named revision (refs/pr/2) and records its ref; a scenario may name a hub id', async () => {
    const r = await segplan(['import', 'mistralai/Mistral-7B-v0.1@refs/pr/2', '--json'], { fresh: true, env: env() });
    expect(r.stderr).toBe('');
    expect(total(r.stdout)).toBe(MISTRAL_PARAMS);
    expect(hub.requests).toContain('HEAD /mistralai/Mistral-7B-v0.1/resolve/refs%2Fpr%2F2/config.json');
    expect(readFileSync(join(repoDir(home, 'models--mistralai--Mistral-7B-v0.1'), 'refs', 'refs', 'pr', '2'), 'utf8')).toBe(V2);
    const dir = mkdtempSync(join(tmpdir(), 'segplan-hub-scenario-'));
    const file = join(dir, 'scenario.json');
    writeFileSync(file, JSON.stringify({ model: 'mistralai/Mistral-7B-v0.1', cluster: { gpu: 'a100-80gb', gpus: 4 }, strategies: [{ strategy: 'fsdp' }] }));
    const planned = await segplan(['compare', '--scenario', file, '--json'], { fresh: true, env: env({ HF_HUB_OFFLINE: '1' }) });
    rmSync(dir, { recursive: true, force: true });
    expect(planned.stderr).toBe('');
    expect(JSON.parse(planned.stdout)[0].model.params.total).toBe(MISTRAL_PARAMS);
  });

  it('follows a redirect to storage on another host without sending it the token', async () => {
    const seen: Array<string | undefined> = [];
    const storage = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200).end(readFileSync(LLAMA));
    });
    await new Promise<void>((ok) => storage.listen(0, '127.0.0.1', ok));
    const origin = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
    const lfs = await startHub({ 'org/lfs-model': { file: LLAMA, revisions: { main: MAIN }, storage: origin } });
    const r = await segplan(['import', 'org/lfs-model', '--json'], { fresh: true, env: env({ HF_ENDPOINT: lfs.endpoint, HF_TOKEN: TOKEN }) });
    await lfs.close();
    await new Promise<void>((ok) => storage.close(() => ok()));
    expect(r.stderr).toBe('');
    expect(total(r.stdout)).toBe(LLAMA_PARAMS);
    expect(seen).toEqual([undefined]);
    expect(lfs.requests).toEqual(['HEAD /org/lfs-model/resolve/main/config.json']);
  });

  it('prefers a local folder of the same name over the hub', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'segplan-local-'));
    mkdirSync(join(cwd, 'mistralai', 'Mistral-7B-v0.1'), { recursive: true });
    copyFileSync(LLAMA, join(cwd, 'mistralai', 'Mistral-7B-v0.1', 'config.json'));
    hub.requests.length = 0;
    const r = await segplan(['plan', 'mistralai/Mistral-7B-v0.1', '--strategy', 'fsdp', '--json'], { fresh: true, cwd, env: env() });
    rmSync(cwd, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).model.params.total).toBe(LLAMA_PARAMS);
    expect(hub.requests).toEqual([]);
    expect(existsSync(resolve(cwd))).toBe(false);
  });
});
