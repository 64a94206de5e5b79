// SIGCHLD records next to child_process, and reapChildren().
import { expect, it } from 'vitest';
import { fixturesDir, run, runFixture } from './helpers.js';

it('SIGCHLD records decode exits while every child_process exit event, spawnSync and execFileSync keep working', async () => {
  const fixture = runFixture('watch-sigchld.mjs');
  const exit = await fixture.exit(90_000);
  expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null });
  const [exits, sync, concurrent, exited, killed, stopped, stats] = fixture.jsonLines<Record<string, unknown>>();
  // With no child left libuv would reset SIGCHLD to SIG_DFL, which discards a
  // pending one: the watcher keeps libuv's handler installed meanwhile.
  expect(exits).toEqual({ exitsMatched: 20, handlerKeptWithNoChildren: true });
  expect(sync).toEqual({
    spawnSync: { status: 7, stdout: 'out\n', error: null },
    syncKilled: 'SIGTERM',
    execFileSync: 'hello\n',
  });
  // Standard SIGCHLD coalesces: one record may stand for several exits, so
  // only some of the 20 need a record of their own — but each decodes right.
  expect(concurrent).toMatchObject({ allDecoded: true });
  expect(concurrent!.concurrentRecords).toBeGreaterThan(0);
  expect(exited).toMatchObject({ exited: { code: 'CLD_EXITED', status: 3, times: true } });
  expect(killed).toMatchObject({ killed: { code: 'CLD_KILLED', status: 9, times: true }, exitEvent: 'SIGKILL' });
  expect(stopped).toMatchObject({
    stopped: { code: 'CLD_STOPPED', status: 19 },
    continued: { code: 'CLD_CONTINUED', status: 18 },
    exitEvent: 'SIGTERM',
  });
  expect(stats).toMatchObject({
    stats: { viaSafetyNet: 0, dropped: 0, coalesced: 0, buffered: 0 },
    handlerAfterClose: false,
    // highWaterMark 1, three children, nothing read: one kept, two discarded.
    full: { received: 1, coalesced: 2, buffered: 1 },
  });
}, 120_000);

it('reapChildren() reaps only zombies libuv does not own, honours except, and cannot see unref’d children spawned before import', async () => {
  // The shell's two background children become this node process's own.
  const script = `sleep 30 & a=$!; sleep 30 & exec "${process.execPath}" "${fixturesDir}watch-reap.mjs" $a $!`;
  const fixture = run('sh', ['-c', script]);
  const exit = await fixture.exit(60_000);
  expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null });
  const [children, reaping, after] = fixture.jsonLines<Record<string, unknown>>();
  expect(children).toEqual({ children: ['earlyRef', 'earlyUnref', 'inheritedA', 'inheritedB', 'late'] });
  const killedBy = { exitCode: null, signal: 'SIGTERM' };
  expect(reaping).toEqual({
    // except kept inheritedB and earlyUnref; libuv's own were skipped.
    first: [{ child: 'inheritedA', ...killedBy }],
    stillZombies: ['earlyRef', 'earlyUnref', 'inheritedB', 'late'],
    // The documented limit: an unref'd child spawned before the import looks
    // like a stranger and is reaped; its 'exit' event then never fires.
    second: expect.arrayContaining([
      { child: 'inheritedB', ...killedBy },
      { child: 'earlyUnref', ...killedBy },
    ]),
  });
  expect((reaping!.second as unknown[]).length).toBe(2);
  const { exitEvents, records, leftover } = after as {
    exitEvents: Record<string, unknown>;
    records: Array<{ child: string; code: string; status: number }>;
    leftover: number[];
  };
  expect(exitEvents).toEqual({ earlyRef: { code: null, signal: 'SIGTERM' }, late: { code: null, signal: 'SIGTERM' } });
  expect(leftover).toEqual([]);
  expect(records.length).toBeGreaterThan(0);
  for (const record of records) {
    expect(['earlyRef', 'earlyUnref', 'inheritedA', 'inheritedB', 'late']).toContain(record.child);
    expect(record).toMatchObject({ code: 'CLD_KILLED', status: 15 });
  }
}, 90_000);
