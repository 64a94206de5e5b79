// A watcher's life: abort, once(), break, close (twice, while waiting),
// process exit with it open, garbage collection, and whether it keeps the
// process alive. Each scenario runs in its own child process.
import { describe, expect, it } from 'vitest';
import { bit, runFixture, threadMasks } from './helpers.js';

type Outcome = { value?: unknown; error?: { name: string; message: string } };

async function scenario(name: string, nodeArgs: string[] = []) {
  const fixture = runFixture('watch-lifecycle.mjs', [name], { nodeArgs });
  const exit = await fixture.exit();
  return { exit, lines: fixture.jsonLines<Record<string, unknown>>() };
}

function line<T = Record<string, unknown>>(lines: Array<Record<string, unknown>>, key: string): T {
  const found = lines.find((entry) => key in entry);
  if (found === undefined) throw new Error(`no line with "${key}" in ${JSON.stringify(lines)}`);
  return found as T;
}

describe('closing', () => {
  it('AbortSignal closes the watcher and rejects a pending next() with the reason', async () => {
    const { exit, lines } = await scenario('abort');
    expect(exit.code, exit.stderr).toBe(0);
    expect(line(lines, 'blocked')).toEqual({ blocked: true });
    expect(line(lines, 'aborted')).toEqual({
      aborted: { error: { name: 'Error', message: 'shutting down' } },
      closed: true,
      mask: [],
      after: { done: true },
    });
    expect(line(lines, 'idleAborted')).toEqual({
      idleAborted: { error: { name: 'Error', message: 'later' } },
      thenDone: { done: true },
    });
    expect(line(lines, 'thrown')).toEqual({ thrown: 'too late', mask: [] });
  });

  it('once() resolves with the first record, times out with TimeoutError, honours abort, leaves the mask as found', async () => {
    const { exit, lines } = await scenario('once');
    expect(exit.code, exit.stderr).toBe(0);
    const first = line<{ first: { signal: string; code: string }; mask: string[] }>(lines, 'first');
    expect(first.first).toMatchObject({ signal: 'SIGUSR2', code: 'SI_USER' });
    expect(first.mask).toEqual([]);
    const timedOut = line<{ timedOut: Outcome; mask: string[] }>(lines, 'timedOut');
    expect(timedOut.timedOut.error!.name).toBe('TimeoutError');
    expect(timedOut.mask).toEqual([]);
    expect(line(lines, 'cancelled')).toEqual({ cancelled: { error: { name: 'Error', message: 'cancelled' } }, mask: [] });
    expect(line(lines, 'blockedBefore')).toEqual({ blockedBefore: 'SIGUSR2', mask: ['SIGUSR2'], maskAtStart: [] });
  });

  it('break in for await closes the watcher and restores every thread mask exactly', async () => {
    const fixture = runFixture('watch-lifecycle.mjs', ['break'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const { pid } = await fixture.json<{ pid: number }>('ready');
    const before = new Map((await threadMasks(pid)).map((thread) => [thread.tid, thread.blocked]));
    fixture.child.stdin!.write('watch\n');
    expect((await fixture.json<{ watching: string[] }>('watching')).watching).toEqual(['SIGHUP', 'SIGUSR2']);
    const watched = bit(1) | bit(12);
    const during = await threadMasks(pid);
    expect(during.length).toBeGreaterThan(4);
    for (const thread of during) expect(thread.blocked & watched, thread.name).toBe(watched);

    fixture.child.stdin!.write('go\n');
    expect(await fixture.json('broke')).toEqual({ broke: true, closed: true, mask: [] });
    let compared = 0;
    for (const thread of await threadMasks(pid)) {
      if (!before.has(thread.tid)) continue; // born meanwhile
      expect(thread.blocked, `${thread.name} (${thread.tid})`).toBe(before.get(thread.tid));
      compared++;
    }
    expect(compared).toBeGreaterThan(4);
    fixture.child.stdin!.end();
    expect((await fixture.exit()).code).toBe(0);
  });

  it('close() twice (and asyncDispose) releases a signal once: another watcher keeps it blocked and working', async () => {
    const { exit, lines } = await scenario('doubleClose');
    expect(exit.code, exit.stderr).toBe(0);
    const after = line<{ afterDoubleClose: string[]; keeperFd: number; closedFd: number }>(lines, 'afterDoubleClose');
    expect(after.afterDoubleClose).toEqual(['SIGUSR1']);
    expect(after.keeperFd).toBeGreaterThan(2);
    expect(after.closedFd).toBe(-1);
    expect(line(lines, 'keeperGot')).toEqual({ keeperGot: 'SIGUSR1' });
    expect(line(lines, 'afterBoth')).toEqual({ afterBoth: [] });
  });

  it('close() while a next() waits resolves it as done; buffered records are discarded', async () => {
    const { exit, lines } = await scenario('closeWhileWaiting');
    expect(exit.code, exit.stderr).toBe(0);
    expect(line(lines, 'result')).toEqual({ result: { done: true }, mask: [] });
    expect(line(lines, 'afterBuffered')).toEqual({ afterBuffered: { done: true } });
  });
});

describe('process exit with a watcher open', () => {
  it('process.exit() with a pending next(): exit code 0, no crash', async () => {
    const { exit, lines } = await scenario('exitOpen');
    expect(lines).toEqual([{ exiting: true }]);
    expect(exit).toMatchObject({ code: 0, signal: null, stderr: '' });
  });

  it('process.exit() with the watched SIGTERM pending: exit code 0', async () => {
    const { exit, lines } = await scenario('exitPending');
    expect(lines).toEqual([{ pending: ['SIGTERM'] }]);
    expect(exit).toMatchObject({ code: 0, signal: null, stderr: '' });
  });

  it('natural exit with the watched SIGTERM pending: exit code 0', async () => {
    const { exit, lines } = await scenario('exitNaturallyPending');
    expect(lines).toEqual([{ pending: ['SIGTERM'] }, { exit: 0, pending: ['SIGTERM'] }]);
    expect(exit).toMatchObject({ code: 0, signal: null, stderr: '' });
  });
});

describe('garbage collection', () => {
  it('a watcher dropped without close() unblocks its signal once collected, but not while a next() is pending', async () => {
    const { exit, lines } = await scenario('gc', ['--expose-gc']);
    expect(exit.code, exit.stderr).toBe(0);
    expect(line(lines, 'blocked')).toEqual({ blocked: ['SIGUSR1'] });
    expect(line(lines, 'collected')).toMatchObject({ collected: true });
    expect(line(lines, 'pinned')).toEqual({ pinned: true });
    expect(line(lines, 'pinnedGot')).toEqual({ pinnedGot: 'SIGUSR2' });
  });
});

describe('keeping the process alive', () => {
  for (const name of ['forAwait', 'refAgain']) {
    it(`${name}: a pending next() keeps the process alive until its signal comes`, async () => {
      const fixture = runFixture('watch-lifecycle.mjs', [name]);
      await fixture.json('ready');
      // Printed by an unref'd timer: only the watcher can keep the loop alive to run it.
      await fixture.json('alive');
      process.kill(fixture.pid, 'SIGUSR1');
      const got = await fixture.json<{ got: string; from?: number }>('got');
      expect(got.got).toBe('SIGUSR1');
      if (name === 'forAwait') expect(got.from).toBe(process.pid);
      expect(await fixture.exit()).toMatchObject({ code: 0, signal: null });
    });
  }

  it('an unref’d watcher (unref() or ref: false) lets the process exit with next() pending', async () => {
    const { exit, lines } = await scenario('unref');
    expect(lines).toEqual([{ exit: 0, settled: false, mask: ['SIGUSR1', 'SIGUSR2'] }]);
    expect(exit).toMatchObject({ code: 0, signal: null, stderr: '' });
  });

  it('an idle watcher (no next() pending) does not hold the process', async () => {
    const { exit, lines } = await scenario('idle');
    expect(lines).toEqual([{ exit: 0, closed: false }]);
    expect(exit).toMatchObject({ code: 0, signal: null });
  });
});
