// examples/daemon.ts, compiled as `npm run example:daemon` does and run as
// a real daemon: SIGHUP reloads its config, SIGTERM drains and exits 0, and
// SIGHUP from another user is refused.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commOf, killLeftovers, STARTUP_MS, track } from './cli-helpers.js';
import { bit, packageRoot, run, type Running } from './helpers.js';

const daemonPath = packageRoot + 'dist-examples/daemon.js';
const SIGHUP = 1;
let dir: string;

beforeAll(() => {
  execFileSync(process.execPath, [packageRoot + 'node_modules/typescript/bin/tsc', '-p', 'tsconfig.examples.json'], { cwd: packageRoot });
  dir = mkdtempSync(join(tmpdir(), 'signalfd-daemon-'));
  chmodSync(dir, 0o755); // readable by the unprivileged run below
}, 120_000);

afterEach(killLeftovers);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GET on a fresh connection (no keep-alive pool to outlive the server). */
function fetchText(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    }).on('error', reject);
  });
}

function writeConfig(name: string, greeting: string): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ port: 0, greeting }), { mode: 0o644 });
  return path;
}

async function listening(daemon: Running): Promise<number> {
  return Number(/http:\/\/127\.0\.0\.1:(\d+)\//.exec(await daemon.line('listening on', STARTUP_MS))![1]);
}

describe('examples/daemon.ts', () => {
  it('reloads on SIGHUP naming the sender, keeps its config when the file is broken, drains on SIGTERM and exits 0', async () => {
    const config = writeConfig('daemon.json', 'one');
    const daemon = track(run(process.execPath, [daemonPath, config]));
    const port = await listening(daemon);
    expect(await fetchText(port, '/')).toEqual({ status: 200, body: 'one\n' });

    writeConfig('daemon.json', 'two');
    process.kill(daemon.pid, 'SIGHUP');
    const me = `pid ${process.pid} \\(${commOf(process.pid)}\\), uid ${process.getuid!()}`;
    await daemon.line(new RegExp(`reloaded ${config} on SIGHUP from ${me}: greeting "two"$`));
    expect((await fetchText(port, '/')).body).toBe('two\n');

    writeFileSync(config, '{ not json');
    const kill = run('kill', ['-HUP', String(daemon.pid)]);
    expect((await kill.exit()).code).toBe(0);
    await daemon.line(new RegExp(`SIGHUP from pid ${kill.pid} \\(.*\\), uid \\d+: keeping the previous config`));
    expect((await fetchText(port, '/')).body).toBe('two\n');

    // A request in flight when SIGTERM comes is answered; new connections are not.
    const slow = fetchText(port, '/slow?ms=1500');
    await daemon.line('GET /slow');
    process.kill(daemon.pid, 'SIGTERM');
    await daemon.line(new RegExp(`stopping on SIGTERM from ${me}: no new connections, 1 request\\(s\\) in flight$`));
    await expect(fetchText(port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await slow).toEqual({ status: 200, body: 'two (after 1500 ms)\n' });
    const exit = await daemon.exit();
    expect(exit).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(daemon.lines.at(-1)).toMatch(/daemon\[\d+\]: stopped$/);
  });

  // setpriv (util-linux) switches users, which needs root (as on CI).
  it.runIf(process.getuid!() === 0)('refuses SIGHUP from another user (allow.uid), running as nobody', async () => {
    const config = writeConfig('nobody.json', 'hi');
    const nobody = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];
    const daemon = track(run('setpriv', [...nobody, process.execPath, daemonPath, config]));
    await listening(daemon);

    // Real uid 1000 with effective uid nobody: the kernel lets it signal the
    // daemon, and the record carries the real uid, which allow refuses.
    const stranger = run('setpriv', ['--ruid=1000', '--euid=nobody', '--regid=nogroup', '--clear-groups', 'kill', '-HUP', String(daemon.pid)]);
    expect((await stranger.exit()).code).toBe(0);
    // Read (and refused) once the kernel no longer holds it pending.
    await until(() => (sharedPending(daemon.pid) & bit(SIGHUP)) === 0n);

    const friend = run('setpriv', [...nobody, 'kill', '-HUP', String(daemon.pid)]);
    expect((await friend.exit()).code).toBe(0);
    await daemon.line(new RegExp(`reloaded .* on SIGHUP from pid ${friend.pid} \\(.*\\), uid 65534: greeting "hi"$`));

    process.kill(daemon.pid, 'SIGTERM');
    await daemon.line('ignored 1 SIGHUP from other users');
    expect((await daemon.exit()).code).toBe(0);
    expect(daemon.lines.filter((line) => line.includes('reloaded'))).toHaveLength(1);
  });
});

function sharedPending(pid: number): bigint {
  return BigInt('0x' + /^ShdPnd:\s*(\w+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
