// Every way to call the CLI wrongly gets one clear stderr line and exit code
// 2 (1 when the kernel refuses), never a stack trace; --help works everywhere.
import { describe, expect, it } from 'vitest';
import { cliExit, cliPath, stderrLines } from './cli-helpers.js';
import { run } from './helpers.js';

const usageErrors: Array<[string[], RegExp]> = [
  [['frobnicate'], /unknown command 'frobnicate'/],
  [['watch', 'FOO'], /^signalfd: watch: unknown signal 'FOO' \(use names like HUP/],
  [['watch', 'RTMIN+99'], /unknown signal 'RTMIN\+99'/],
  [['watch', '32'], /unknown signal '32'/],
  [['watch', 'KILL'], /^signalfd: watch: .*must not include SIGKILL or SIGSTOP/],
  [['watch', 'SEGV'], /synchronous fault signal/],
  [['watch', 'SIGRTMIN+1'], /broadcastSignal/],
  [['watch', '--count', 'x'], /bad --count 'x'/],
  [['watch', '--count', '0'], /bad --count '0'/],
  [['watch', '--timeout', '-1'], /^signalfd: watch: Option '--timeout' argument is ambiguous\. Did you forget .* use '--timeout=-XYZ'\./],
  [['watch', '--timeout', 'soon'], /bad --timeout 'soon'/],
  [['watch', '--allow-uid', 'bob'], /bad --allow-uid 'bob'/],
  [['watch', '--bogus'], /^signalfd: watch: Unknown option '--bogus' \(see 'signalfd watch --help'\)$/],
  [['watch', '--count'], /Option '--count <value>' argument missing/],
  [['send'], /^signalfd: send: expected PID and SIGNAL/],
  [['send', '123'], /expected PID and SIGNAL/],
  [['send', 'abc', 'USR1'], /^signalfd: send: bad pid 'abc': expected a number from 1 to 4194304$/],
  [['send', '0', 'USR1'], /bad pid '0'/],
  [['send', '-5', 'USR1'], /Unknown option '-5'/],
  [['send', '99999999', 'USR1'], /bad pid '99999999'/],
  [['send', '1', 'NOPE'], /unknown signal 'NOPE'/],
  [['send', '1', 'USR1', 'extra'], /unexpected argument 'extra'/],
  [['send', '1', 'USR1', '--value', '1.5'], /bad --value '1.5'/],
  [['send', '1', 'USR1', '--value', '2147483648'], /bad --value '2147483648'/],
  [['send', '1', 'USR1', '--tid', 'x'], /bad --tid 'x'/],
  [['send', '1', 'USR1', '--tid', '2', '--value', '3'], /--value cannot be used with --tid/],
  [['mask', 'abc'], /^signalfd: mask: bad pid 'abc'/],
  [['mask', '1', '2'], /unexpected argument '2'/],
  [['mask', '--bogus'], /Unknown option '--bogus'/],
  [['info', 'extra'], /unexpected argument 'extra'/],
  [['info', '--bogus'], /Unknown option '--bogus'/],
];

describe('usage errors', () => {
  it.each(usageErrors)('signalfd %j: one line, exit code 2', async (args, message) => {
    const exit = await cliExit(args);
    expect(exit.code).toBe(2);
    expect(exit.stdout).toBe('');
    const lines = stderrLines(exit.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^signalfd: /);
    expect(lines[0]).toMatch(message);
  });
});

describe('a bad SIGNALFD_BROADCAST_SIGNAL: one line naming it, exit code 2', () => {
  it.each<[string, string[], RegExp]>([
    ['FOO', ['info'], /^signalfd: SIGNALFD_BROADCAST_SIGNAL=FOO: Unknown signal: FOO$/],
    ['RTMIN', ['watch', 'USR1'], /^signalfd: SIGNALFD_BROADCAST_SIGNAL=RTMIN: .*must be between SIGRTMIN\+1 and SIGRTMAX-1$/],
  ])('%s, signalfd %j', async (setting, args, message) => {
    const exit = await cliExit(args, { env: { ...process.env, SIGNALFD_BROADCAST_SIGNAL: setting } });
    expect(exit.code).toBe(2);
    expect(stderrLines(exit.stderr)).toEqual([expect.stringMatching(message)]);
  });
});

describe('the kernel refusing: one line, exit code 1', () => {
  it('send to a process that does not exist (ESRCH)', async () => {
    // pid_max is at most 2^22, so this pid never exists.
    const exit = await cliExit(['send', '4194304', 'USR1']);
    expect(exit).toMatchObject({ code: 1, stdout: '', stderr: 'signalfd: send: no process 4194304 (ESRCH)\n' });
  });

  it('send to a thread that is not in that process (ESRCH)', async () => {
    const exit = await cliExit(['send', String(process.pid), '0', '--tid', '4194304']);
    expect(exit).toMatchObject({ code: 1, stderr: `signalfd: send: no thread 4194304 of process ${process.pid} (ESRCH)\n` });
  });

  it('send 0 probes a process without signalling it', async () => {
    const exit = await cliExit(['send', String(process.pid), '0']);
    expect(exit).toMatchObject({ code: 0, stdout: `pid ${process.pid} exists and may be signalled`, stderr: '' });
  });

  it.runIf(process.getuid!() === 0)("send to another user's process as nobody (EPERM)", async () => {
    const exit = await run('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, cliPath, 'send', String(process.pid), '0']).exit();
    expect(exit).toMatchObject({ code: 1, stdout: '', stderr: `signalfd: send: not permitted to signal process ${process.pid} (EPERM)\n` });
  });
});

describe('--help', () => {
  it.each(['watch', 'send', 'mask', 'info'])('signalfd %s --help: usage and examples, exit code 0', async (command) => {
    for (const flag of ['--help', '-h']) {
      const exit = await cliExit([command, flag]);
      expect(exit).toMatchObject({ code: 0, stderr: '' });
      expect(exit.stdout).toMatch(new RegExp(`^Usage: signalfd ${command}`));
      expect(exit.stdout).toMatch(new RegExp(`\nExamples:\n  signalfd ${command}\\b`));
    }
  });
});
