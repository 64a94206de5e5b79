// The README's daemon: SIGHUP reloads, SIGTERM exits 0, every record names
// its sender; and the `allow` filter, run as an unprivileged user.
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { packageRoot, run, runFixture } from './helpers.js';

interface Seen {
  seen: string;
  from: number;
  uid: number;
}

describe('daemon fixture', () => {
  it('reloads on SIGHUP and exits 0 on SIGTERM, naming each sender', async () => {
    const daemon = runFixture('watch-daemon.mjs');
    const ready = await daemon.json<{ pid: number; mask: string[] }>('ready');
    expect(ready.mask).toEqual(expect.arrayContaining(['SIGHUP', 'SIGTERM']));

    process.kill(daemon.pid, 'SIGHUP');
    const first = await daemon.json<{ reload: number; from: number; code: string }>('reload');
    expect(first).toMatchObject({ reload: 1, from: process.pid, code: 'SI_USER' });

    // A separate sender process: the record carries its pid, not ours.
    const sender = run('kill', ['-HUP', String(daemon.pid)]);
    const senderPid = sender.pid;
    expect((await sender.exit()).code).toBe(0);
    await daemon.line('"reload":2');
    expect(daemon.jsonLines<{ reload?: number; from: number }>().find((line) => line.reload === 2)!.from).toBe(senderPid);

    process.kill(daemon.pid, 'SIGTERM');
    const stopped = await daemon.json<{ reloads: number; mask: string[] }>('stopped');
    expect(stopped.reloads).toBe(2);
    expect(stopped.mask).not.toContain('SIGHUP');
    expect(stopped.mask).not.toContain('SIGTERM');
    const exit = await daemon.exit();
    expect(exit).toMatchObject({ code: 0, signal: null });
  });
});

// setpriv (util-linux) drops to `nobody`; this needs root, as on CI.
const asRoot = process.getuid?.() === 0;

/**
 * The package as `nobody` can read it wherever the checkout lives (CI may
 * clone below a directory only root may enter): the built package, the
 * addon, its loader and the fixture, copied under the system's temp dir.
 */
function readableCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'signalfd-nobody-'));
  for (const path of ['package.json', 'dist', 'build/Release/signalfd.node', 'prebuilds', 'node_modules/node-gyp-build', 'test/fixtures/watch-daemon.mjs']) {
    if (existsSync(join(packageRoot, path))) cpSync(join(packageRoot, path), join(root, path), { recursive: true });
  }
  chmodSync(root, 0o755);
  return root;
}

describe.runIf(asRoot)('sender filter (allow.uid), running as nobody', () => {
  const nobody = 65534;
  const asNobody = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];

  it('drops and counts a signal from root, delivers one from the same uid', async () => {
    const copy = readableCopy();
    onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
    const daemon = run('setpriv', [...asNobody, process.execPath, join(copy, 'test/fixtures/watch-daemon.mjs'), String(nobody)], { cwd: copy });
    const ready = await daemon.json<{ pid: number; uid: number }>('ready');
    expect(ready.uid).toBe(nobody);

    // From root: read (the channel sees it) but refused by the filter.
    process.kill(ready.pid, 'SIGHUP');
    await daemon.line('"seen":"SIGHUP"');
    expect(daemon.jsonLines<Seen>().filter((line) => line.seen)).toEqual([
      { seen: 'SIGHUP', from: process.pid, uid: 0, source: 'signalfd' },
    ]);

    // From a process of the same uid: delivered, with the drop counted.
    const sender = run('setpriv', [...asNobody, 'kill', '-HUP', String(ready.pid)]);
    expect((await sender.exit()).code).toBe(0);
    const reload = await daemon.json<{ reload: number; from: number; uid: number; dropped: number }>('reload');
    expect(reload).toMatchObject({ reload: 1, from: sender.pid, uid: nobody, dropped: 1 });

    // SIGTERM from root is dropped too; only nobody can stop it.
    process.kill(ready.pid, 'SIGTERM');
    await daemon.line('"seen":"SIGTERM"');
    const stopper = run('setpriv', [...asNobody, 'kill', '-TERM', String(ready.pid)]);
    expect((await stopper.exit()).code).toBe(0);
    const stopped = await daemon.json<{ reloads: number; dropped: number }>('stopped');
    expect(stopped).toMatchObject({ reloads: 1, dropped: 2 });
    expect((await daemon.exit()).code).toBe(0);
  });
});
