// supervise(), the library API under `signalfd run`, driven by a fixture
// (test/fixtures/sup-api.mjs) that prints every event and the exit value.
import { describe, expect, it } from 'vitest';
import { runFixture } from './helpers.js';

type Line = Record<string, unknown> & { event: string };

// Under qemu-user (.ci/qemu-arm64) the supervisor is emulated.
const UNDER_QEMU = process.env.SIGNALFD_UNDER_QEMU === '1';
const QEMU_NO_SUBREAPER = 'qemu-user does not emulate prctl(PR_SET_CHILD_SUBREAPER): EINVAL';

async function scenario(name: string): Promise<{ lines: Line[]; events: string[]; pid: number }> {
  const fixture = runFixture('sup-api.mjs', [name]);
  const exit = await fixture.exit();
  expect(exit.code, exit.stderr).toBe(0);
  const lines = fixture.jsonLines<Line>().filter((line) => 'event' in line);
  return { lines, events: lines.map((line) => line.event), pid: fixture.pid };
}

function only(lines: Line[], event: string): Line {
  const matching = lines.filter((line) => line.event === event);
  expect(matching, event).toHaveLength(1);
  return matching[0]!;
}

describe('supervise()', () => {
  it('forwards a signal that arrived before the command existed, once it runs', async () => {
    const { lines, events, pid } = await scenario('startup');
    const { child, blocked } = only(lines, 'started');
    expect(blocked).toBeGreaterThan(30); // every forwarded signal is blocked while supervising
    expect(only(lines, 'signal')).toMatchObject({ received: 'SIGHUP', sender: pid, signal: 'SIGHUP', to: child, queued: false, error: null });
    const result = { status: 129, exitCode: null, signal: 'SIGHUP', error: null };
    expect(only(lines, 'exit')).toMatchObject(result);
    // The mask is given back once the command has ended.
    expect(only(lines, 'exited')).toMatchObject({ ...result, blocked: [] });
    expect(events).toEqual(['started', 'signal', 'exit', 'exited']);
  });

  it("reaps orphans it inherits as subreaper, with their status, without taking the command's exit", async (context) => {
    if (UNDER_QEMU) context.skip(QEMU_NO_SUBREAPER);
    const { lines, events } = await scenario('reap');
    const reaped = lines.filter((line) => line.event === 'reap');
    // The two orphans end concurrently: either may be reaped first.
    expect(reaped.map(({ exitCode, signal }) => `${exitCode}/${signal}`).sort()).toEqual(['5/null', 'null/SIGKILL']);
    expect(reaped.map((line) => line.pid)).not.toContain(only(lines, 'started').child);
    expect(only(lines, 'signal')).toMatchObject({ received: 'SIGTERM', signal: 'SIGTERM', to: only(lines, 'started').child });
    expect(only(lines, 'exited')).toMatchObject({ status: 0, exitCode: 0, signal: null, error: null });
    expect(events.slice(-2)).toEqual(['exit', 'exited']);
  });

  it('resolves with status 127 and a spawn-style error when the command does not exist', async () => {
    const { lines } = await scenario('missing');
    expect(only(lines, 'exited')).toMatchObject({
      status: 127,
      error: { code: 'ENOENT', syscall: 'spawn /nonexistent/command', path: '/nonexistent/command' },
    });
  });

  it('waitAll: SIGTERMs a descendant left after the grace period, reaps it, then resolves with the command status', async (context) => {
    if (UNDER_QEMU) context.skip(QEMU_NO_SUBREAPER);
    const { lines, events } = await scenario('waitAll');
    expect(events).toEqual(['started', 'terminate', 'reap', 'exit', 'exited']);
    const { pids } = only(lines, 'terminate') as unknown as { pids: number[] };
    expect(only(lines, 'terminate')).toMatchObject({ signal: 'SIGTERM' });
    expect(only(lines, 'reap')).toMatchObject({ pid: pids[0], exitCode: null, signal: 'SIGTERM' });
    expect(only(lines, 'exited')).toMatchObject({ status: 4, exitCode: 4 });
  });

  it('refuses bad arguments with Node-style errors before touching the mask', async () => {
    const { lines } = await scenario('invalid');
    const codes = Object.fromEntries(lines.filter((line) => line.event === 'invalid').map((line) => [line.name, `${line.type} ${line.code}`]));
    expect(codes).toEqual({
      emptyCommand: 'TypeError ERR_INVALID_ARG_TYPE',
      args: 'TypeError ERR_INVALID_ARG_TYPE',
      group: 'TypeError ERR_INVALID_ARG_TYPE',
      grace: 'RangeError ERR_OUT_OF_RANGE',
      rewriteKill: 'RangeError ERR_INVALID_ARG_VALUE',
      rewriteUnknown: 'TypeError ERR_UNKNOWN_SIGNAL',
      stdio: 'TypeError ERR_INVALID_ARG_TYPE',
    });
    expect(only(lines, 'mask')).toEqual({ event: 'mask', blocked: [] });
  });
});
