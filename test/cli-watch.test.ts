// `signalfd watch` and `signalfd send`, driven as a user would: start the
// real CLI, wait for its ready line, send it signals from other processes.
import { accessSync, constants } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, cliExit, cliPath, commOf, killLeftovers, recordOf, startWatch, STARTUP_MS, track, type Ready } from './cli-helpers.js';
import { run, runFixture } from './helpers.js';

const uid = process.getuid!();

afterEach(killLeftovers);

describe('signalfd watch --json', () => {
  it('prints a ready object, then each signal with its sender', async () => {
    const { watch, ready } = await startWatch();
    expect(ready.pid).toBe(watch.pid);
    const { broadcastSignal } = await import('../dist/index.js');
    expect(ready.signals).toEqual(expect.arrayContaining(['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGTERM', 'SIGWINCH', 'SIGCONT', 'SIGRTMIN', 'SIGRTMAX']));
    expect(ready.signals).not.toContain(broadcastSignal());

    process.kill(watch.pid, 'SIGUSR1');
    const record = await recordOf(watch, 'SIGUSR1');
    expect(record).toMatchObject({ signal: 'SIGUSR1', signo: 10, codeName: 'SI_USER', code: 0, pid: process.pid, uid, comm: commOf(process.pid) });
    // 64-bit fields travel as decimal strings; time is ISO 8601.
    expect(record.ptr).toBe('0');
    expect(typeof record.utime).toBe('string');
    expect(Number.isNaN(Date.parse(record.time))).toBe(false);

    watch.child.kill('SIGKILL');
    await watch.exit();
  });

  it('shows the payload, sender pid and command of a sigqueue from another process', async () => {
    const { watch } = await startWatch(['--count', '2']);

    // The CLI's own send: its pid is the sender, its payload the value.
    const send = cli(['send', String(watch.pid), 'SIGRTMIN+3', '--value', '42']);
    const sent = await send.exit();
    expect(sent).toMatchObject({ code: 0, stdout: `sent SIGRTMIN+3 (37) to pid ${watch.pid}, value 42` });
    expect(await recordOf(watch, 'SIGRTMIN+3')).toMatchObject({ codeName: 'SI_QUEUE', int: 42, pid: send.pid, uid });

    // A sender that is still alive when watch reads /proc/<pid>/comm.
    const sender = track(runFixture('cli-sender.mjs', [String(watch.pid), 'SIGRTMAX-2', '-7'], { stdio: ['pipe', 'pipe', 'pipe'] }));
    await sender.json('sent', STARTUP_MS);
    expect(await recordOf(watch, 'SIGRTMAX-2')).toMatchObject({ codeName: 'SI_QUEUE', int: -7, pid: sender.pid, uid, comm: 'cli-sender' });
    sender.child.stdin!.end();
    expect((await sender.exit()).code).toBe(0);

    const exit = await watch.exit();
    expect(exit.code).toBe(0);
    expect(watch.jsonLines().at(-1)).toEqual({ done: true, reason: 'count', received: 2, dropped: 0 });
  });

  it('send --tid reaches one thread with tgkill (SI_TKILL)', async () => {
    const { watch } = await startWatch(['USR2', '--count', '1']);
    const send = cli(['send', String(watch.pid), 'USR2', '--tid', String(watch.pid)]);
    expect(await send.exit()).toMatchObject({ code: 0, stdout: `sent SIGUSR2 (12) to thread ${watch.pid} of pid ${watch.pid}` });
    expect(await recordOf(watch, 'SIGUSR2')).toMatchObject({ codeName: 'SI_TKILL', pid: send.pid, uid });
    expect((await watch.exit()).code).toBe(0);
  });

  it('watches exactly the signals named, in any spelling', async () => {
    const { watch, ready } = await startWatch(['hup', 'SIGRTMIN+5', '15', 'SIGHUP', '--count', '3']);
    expect(ready.signals).toEqual(['SIGHUP', 'SIGRTMIN+5', 'SIGTERM']);
    process.kill(watch.pid, 'SIGHUP');
    await recordOf(watch, 'SIGHUP');
    process.kill(watch.pid, 'SIGTERM');
    await recordOf(watch, 'SIGTERM');
    expect((await cliExit(['send', String(watch.pid), 'RTMIN+5'])).code).toBe(0);
    await recordOf(watch, 'SIGRTMIN+5');
    const exit = await watch.exit();
    expect(exit.code).toBe(0);
    expect(watch.jsonLines().at(-1)).toMatchObject({ done: true, reason: 'count', received: 3 });
  });

  it('stops at --timeout with exit code 0', async () => {
    const { watch } = await startWatch(['--timeout', '0.5']);
    const exit = await watch.exit();
    expect(exit).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(watch.jsonLines().at(-1)).toEqual({ done: true, reason: 'timeout', received: 0, dropped: 0 });
  });

  it('stops at the second SIGINT with exit code 0', async () => {
    const { watch } = await startWatch();
    process.kill(watch.pid, 'SIGINT');
    await recordOf(watch, 'SIGINT');
    process.kill(watch.pid, 'SIGINT');
    const exit = await watch.exit();
    expect(exit).toMatchObject({ code: 0, signal: null });
    const lines = watch.jsonLines();
    expect(lines.filter((line) => line.signal === 'SIGINT')).toHaveLength(2);
    expect(lines.at(-1)).toEqual({ done: true, reason: 'interrupt', received: 2, dropped: 0 });
  });

  it('ends quietly with exit code 0 when its reader goes away (watch | head -1)', async () => {
    const { watch } = await startWatch();
    watch.child.stdout!.destroy();
    process.kill(watch.pid, 'SIGUSR1');
    expect(await watch.exit()).toMatchObject({ code: 0, signal: null, stderr: '' });
  });
});

describe('signalfd watch (text)', () => {
  it('prints the pid, a kill hint, one aligned line per signal, and the Ctrl-C hint', async () => {
    const watch = cli(['watch']);
    const header = await watch.line('signalfd watch: pid', STARTUP_MS);
    expect(header).toBe(`signalfd watch: pid ${watch.pid}`);
    await watch.line(`kill -USR1 ${watch.pid}`);

    process.kill(watch.pid, 'SIGUSR1');
    const line = await watch.line(/SIGUSR1 +10/);
    expect(line).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  SIGUSR1      10  SI_USER     from pid ${process.pid} \\(${commOf(process.pid)}\\), uid ${uid}$`));

    expect((await cliExit(['send', String(watch.pid), 'RTMIN', '--value', '7'])).code).toBe(0);
    // The sender may have exited before watch looked up its command name.
    expect(await watch.line(/SIGRTMIN +34/)).toMatch(/SI_QUEUE {4}from pid \d+( \(.*\))?, uid \d+, value 7$/);

    process.kill(watch.pid, 'SIGINT');
    expect(await watch.line(/SIGINT +2 /)).toMatch(/from pid \d+ .*\(press Ctrl-C again to quit\)$/);
    process.kill(watch.pid, 'SIGINT');
    const exit = await watch.exit();
    expect(exit.code).toBe(0);
    expect(watch.lines.at(-1)).toBe('stopped by second SIGINT: 4 signals received');
    // Not a TTY: no colour codes.
    expect(exit.stdout).not.toContain('\x1b');
  });
});

// setpriv (util-linux) drops to `nobody`, which needs root (as on CI).
describe.runIf(uid === 0)('signalfd watch --allow-uid, running as nobody', () => {
  it('drops signals from other users and counts them', async () => {
    accessSync(cliPath, constants.R_OK);
    const asNobody = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];
    const watch = track(run('setpriv', [...asNobody, process.execPath, cliPath, 'watch', '--json', '--allow-uid', '65534', '--count', '1']));
    const ready = await watch.json<Ready>('ready', STARTUP_MS);

    process.kill(ready.pid, 'SIGUSR1'); // from root: refused
    const sender = run('setpriv', [...asNobody, 'kill', '-USR2', String(ready.pid)]);
    expect((await sender.exit()).code).toBe(0);

    const exit = await watch.exit();
    expect(exit.code).toBe(0);
    const records = watch.jsonLines().filter((line) => 'signo' in line);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ signal: 'SIGUSR2', pid: sender.pid, uid: 65534 });
    expect(watch.jsonLines().at(-1)).toEqual({ done: true, reason: 'count', received: 1, dropped: 1 });
  });
});
