// How watchers share signals with each other and with the rest of the
// process: fan-out, reference-counted blocking, the diagnostics channel,
// process.on listeners, pending signals at close, and the safety net.
import { describe, expect, it } from 'vitest';
import { runFixture } from './helpers.js';

async function scenario(name: string) {
  const fixture = runFixture('watch-semantics.mjs', [name]);
  const exit = await fixture.exit();
  expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null });
  return fixture.jsonLines<Record<string, unknown>>();
}

describe('between watchers', () => {
  it('two watchers of a signal both get each record; closing one keeps the other working and the signal blocked', async () => {
    const [both, afterFirst, still, afterBoth] = await scenario('fanOut');
    const record = { signal: 'SIGUSR1', code: 'SI_USER' };
    expect(both).toMatchObject({ first: record, second: record, sameRecord: true });
    expect(afterFirst).toEqual({ afterFirstClosed: ['SIGUSR1', 'SIGUSR2'] });
    expect(still).toMatchObject({ secondStill: record, firstDone: { done: true } });
    expect(afterBoth).toEqual({ afterBoth: [] });
  });

  it('a signal blocked before the first watcher stays blocked after the last', async () => {
    expect(await scenario('blockedBefore')).toEqual([{ oneClosed: ['SIGHUP'] }, { bothClosed: ['SIGHUP'] }]);
  });

  it('publishes every record once on signalfd:signal, before the allow filter', async () => {
    const [report] = await scenario('channel');
    const { received, published, open, filtered, dropped } = report as Record<string, Record<string, unknown>>;
    expect(received).toMatchObject({ signal: 'SIGUSR1', code: 'SI_USER' });
    expect(published).toEqual([
      { ...received, source: 'signalfd' },
      { ...received, source: 'signalfd' },
    ]);
    expect(open).toMatchObject({ received: 2, viaSignalfd: 2, dropped: 0 });
    expect(filtered).toMatchObject({ received: 0, dropped: 2 });
    expect(dropped).toBe(2);
  });
});

describe('with the rest of the process', () => {
  it('allow admits records no process sent (SIGCHLD, SI_KERNEL) only with kernel: true', async () => {
    const [report] = await scenario('kernelRecords');
    expect(report).toEqual({
      kernel: { child: true, code: 'CLD_EXITED' },
      kernelStats: expect.objectContaining({ received: 1, dropped: 0 }),
      sendersStats: expect.objectContaining({ received: 0, dropped: 1 }),
    });
  });

  it('process.on listeners are silent while watched and hear the signal again after close (also when added meanwhile)', async () => {
    const lines = await scenario('processOn');
    expect(lines).toEqual([
      { watcherGot: expect.objectContaining({ signal: 'SIGUSR2' }), heardWhileWatching: 0 },
      { heardAfterClose: true, heard: 1 },
      { laterGot: expect.objectContaining({ signal: 'SIGHUP' }), heardHupWhileWatching: 0 },
      { heardHupAfterClose: true },
    ]);
  });

  it('a signal still pending in the kernel at close meets its ordinary disposition', async () => {
    expect(await scenario('pendingAtClose')).toEqual([
      { pendingBeforeClose: ['SIGUSR2'], buffered: 1 },
      { deliveredToListener: true, heard: 1, pendingAfterClose: [] },
    ]);
  });

  it('the safety net turns a signal reaching a thread that unblocked it into a record, and the process survives', async () => {
    const fixture = runFixture('watch-semantics.mjs', ['safetyNet']);
    const exit = await fixture.exit();
    expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null });
    const [report, survived] = fixture.jsonLines<Record<string, unknown>>();
    // Sent by tgkill from the fixture itself to the worker's thread.
    expect(report).toEqual({
      record: { signal: 'SIGUSR1', pid: fixture.pid, code: 'SI_TKILL' },
      stats: { received: 1, viaSignalfd: 0, viaSafetyNet: 1, dropped: 0, coalesced: 0, buffered: 0 },
      maskAfterUnblock: [],
      // The handler blocks the signal in that thread from then on.
      maskAfterSignal: ['SIGUSR1'],
    });
    expect(survived).toEqual({ survived: true, mask: [] });
  });
});
