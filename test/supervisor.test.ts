// `signalfd run` side by side with the real tini (/usr/bin/tini): each
// scenario runs under both and asserts the same observable outcome — exit
// code, which process got which signal from whom, zombies left.
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGRTMIN, sigqueue } from '../dist/index.js';
import { fixturesDir, packageRoot, run, type Running } from './helpers.js';

const MAIN = `${packageRoot}dist/cli/main.js`;
const NODE = process.execPath;
const SH = '/bin/sh';

type Tool = 'tini' | 'signalfd';

/** argv running `command` under `tool`; `flags` are spelled the same for both (-g -s -e N -p SIG). */
function under(tool: Tool, flags: string[], command: string[]): [string, string[]] {
  return tool === 'tini' ? ['/usr/bin/tini', [...flags, '--', ...command]] : [NODE, [MAIN, 'run', ...flags, '--', ...command]];
}

function start(tool: Tool, flags: string[], command: string[]): Running {
  const [file, args] = under(tool, flags, command);
  return track(run(file, args));
}

// Every process a test started, with all its descendants, and every pid it
// learnt of (descendants that left the tree), is killed afterwards.
const started: Running[] = [];
function track(running: Running): Running {
  started.push(running);
  return running;
}
// Pids with their start time, so that a pid reused by another process is left alone.
const strays = {
  known: new Map<number, string | null>(),
  add(pid: number): void {
    this.known.set(pid, startTime(pid));
  },
};
afterEach(() => {
  // Whole trees of the commands still running, listed before anything dies and is reparented away.
  const running = started.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  const doomed = running.flatMap(({ pid }) => [pid, ...descendantsOf(pid)]);
  for (const [pid, since] of strays.known) if (since !== null && startTime(pid) === since) doomed.push(pid);
  for (const pid of doomed) kill(pid, 'SIGKILL');
  strays.known.clear();
  started.length = 0;
});

function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
  } catch {
    return null;
  }
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

interface Proc {
  pid: number;
  comm: string;
  state: string;
  pgid: number;
  tpgid: number;
}

function proc(pid: number): Proc | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return { pid, comm: stat.slice(stat.indexOf('(') + 1, close), state: fields[0]!, pgid: Number(fields[2]), tpgid: Number(fields[5]) };
}

function childrenOf(pid: number): Proc[] {
  const children: Proc[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return children;
  }
  for (const tid of tasks) {
    let list = '';
    try {
      list = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const child of list.split(' ').filter(Boolean)) {
      const info = proc(Number(child));
      if (info !== null) children.push(info);
    }
  }
  return children;
}

function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child.pid, ...descendantsOf(child.pid)]);
}

/** Polls a condition on /proc (state, not time) until it holds. */
async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 20));
  }
}

interface Report {
  signal: string;
  pid: number;
  code: string;
  int: number;
  by: number;
  time: number;
}

function reports(running: Running): Report[] {
  return running.jsonLines<Report>().filter((line) => 'signal' in line);
}

const TOOLS: Tool[] = ['tini', 'signalfd'];

// Under qemu-user (.ci/qemu-arm64) the supervisor is emulated; tini is not.
const UNDER_QEMU = process.env.SIGNALFD_UNDER_QEMU === '1';
const QEMU_NO_SUBREAPER = 'qemu-user does not emulate prctl(PR_SET_CHILD_SUBREAPER): EINVAL';
const QEMU_HIDES_MASK = "qemu-user: /proc's SigBlk is the emulator's host mask, not the guest's, so the moment it blocks cannot be seen";

/** One shell command line running argv (none of whose words holds a quote). */
function shellLine(argv: string[]): string {
  return argv.map((arg) => `'${arg}'`).join(' ');
}

describe.each(TOOLS)('%s', (tool) => {
  it('exits with the command exit code: 0, 1, 3', async () => {
    for (const code of [0, 1, 3]) {
      const exit = await start(tool, [], [SH, '-c', `exit ${code}`]).exit();
      expect(exit.code).toBe(code);
    }
  });

  it('exits 127 when the command does not exist and 126 when it is not executable, saying why', async () => {
    const missing = await start(tool, [], ['/nonexistent/command']).exit();
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/no such file or directory/i);
    // Fixtures are stored without the executable bit.
    const notExecutable = await start(tool, [], [`${fixturesDir}sup-group.sh`]).exit();
    expect(notExecutable.code).toBe(126);
    expect(notExecutable.stderr).toMatch(/permission denied/i);
  });

  it('exits 128 + signal when a signal kills the command: SIGKILL 137, SIGTERM 143, SIGRTMIN+3 165', async () => {
    expect((await start(tool, [], [SH, '-c', 'kill -KILL $$']).exit()).code).toBe(137);
    expect((await start(tool, [], [SH, '-c', 'kill -TERM $$']).exit()).code).toBe(143);
    // Node reports this one as exit code 0: it has no name for real-time signals.
    expect((await start(tool, [], [SH, '-c', `kill -${SIGRTMIN + 3} $$`]).exit()).code).toBe(128 + SIGRTMIN + 3);
  });

  it('forwards SIGHUP, SIGUSR1, SIGTSTP and SIGTERM to the command, which runs in its own process group; not SIGTTIN', async () => {
    const watched = ['SIGHUP', 'SIGUSR1', 'SIGTSTP', 'SIGTTIN', 'SIGTERM', 'SIGRTMIN+2'];
    const supervisor = start(tool, [], [NODE, `${fixturesDir}sup-report.mjs`, ...watched]);
    const ready = await supervisor.json<{ pid: number }>('ready');
    expect(proc(ready.pid)?.pgid).toBe(ready.pid);
    for (const signal of ['SIGHUP', 'SIGUSR1', 'SIGTSTP'] as const) {
      process.kill(supervisor.pid, signal);
      await supervisor.line(`"signal":"${signal}"`);
    }
    // Had SIGTTIN been forwarded, it would be pending in the command before
    // SIGRTMIN+2 and reported first (lower signals are dequeued first).
    process.kill(supervisor.pid, 'SIGTTIN');
    sigqueue(supervisor.pid, 'SIGRTMIN+2', 0);
    await supervisor.line('"signal":"SIGRTMIN+2"');
    process.kill(supervisor.pid, 'SIGTERM');
    expect((await supervisor.exit()).code).toBe(0);
    const got = reports(supervisor);
    expect(got.map((report) => report.signal)).toEqual(['SIGHUP', 'SIGUSR1', 'SIGTSTP', 'SIGRTMIN+2', 'SIGTERM']);
    // Each came from the supervisor.
    for (const report of got) expect(report).toMatchObject({ pid: supervisor.pid, by: ready.pid });
  });

  it('with -g forwards to the process group: the command and its child both get SIGUSR1', async () => {
    const supervisor = start(tool, ['-g'], [SH, `${fixturesDir}sup-group.sh`]);
    const grandchild = await supervisor.json<{ pid: number }>('ready');
    strays.add(grandchild.pid);
    process.kill(supervisor.pid, 'SIGUSR1');
    await supervisor.line('"shell":"SIGUSR1"');
    await supervisor.line('"signal":"SIGUSR1"');
    process.kill(supervisor.pid, 'SIGTERM');
    // The shell dies of SIGTERM; the reporter got it too and exits 0.
    expect((await supervisor.exit()).code).toBe(143);
    expect(reports(supervisor).map((report) => [report.signal, report.by])).toEqual([
      ['SIGUSR1', grandchild.pid],
      ['SIGTERM', grandchild.pid],
    ]);
  });

  it('gives the command the terminal when it had the foreground (under script(1), a pty)', async () => {
    const [file, args] = under(tool, [], [SH, `${fixturesDir}sup-tty.sh`]);
    const terminal = track(run('script', ['-qec', shellLine([file, ...args]), '/dev/null']));
    const command = await terminal.json<{ pid: number; pgid: number; tpgid: number }>('tpgid');
    expect(command.pgid).toBe(command.pid);
    expect(command.tpgid).toBe(command.pgid);
    expect((await terminal.exit()).code).toBe(0);
  });

  it('-e 3 remaps exit code 3 to 0', async () => {
    expect((await start(tool, ['-e', '3'], [SH, '-c', 'exit 3']).exit()).code).toBe(0);
    expect((await start(tool, ['-e', '3'], [SH, '-c', 'exit 4']).exit()).code).toBe(4);
  });

  it('with -s reaps 50 orphaned grandchildren: none is left as a zombie', async (context) => {
    if (UNDER_QEMU && tool === 'signalfd') context.skip(QEMU_NO_SUBREAPER);
    const supervisor = start(tool, ['-s'], [SH, `${fixturesDir}sup-orphans.sh`, '50']);
    await supervisor.json('ready');
    // Reparented here, not to the machine's init.
    const orphans = await until('50 orphans reparented', () => {
      const sleeping = childrenOf(supervisor.pid).filter((child) => child.comm === 'sleep');
      return sleeping.length === 50 && sleeping;
    });
    for (const orphan of orphans) kill(orphan.pid, 'SIGKILL');
    await until('orphans reaped', () => childrenOf(supervisor.pid).every((child) => child.comm !== 'sleep'));
    expect(childrenOf(supervisor.pid).filter((child) => child.state === 'Z')).toEqual([]);
    process.kill(supervisor.pid, 'SIGTERM');
    expect((await supervisor.exit()).code).toBe(143);
  });

  it('warns when it is neither PID 1 nor a subreaper', async (context) => {
    if (UNDER_QEMU && tool === 'signalfd') context.skip(QEMU_NO_SUBREAPER);
    const exit = await start(tool, [], [SH, '-c', 'exit 0']).exit();
    expect(exit.stderr).toMatch(/not running as PID 1 and (isn't registered as|not) a child subreaper/);
    expect((await start(tool, ['-s'], [SH, '-c', 'exit 0']).exit()).stderr).toBe('');
  });

  it('does not lose a signal that arrives while the command starts', async (context) => {
    if (UNDER_QEMU && tool === 'signalfd') context.skip(QEMU_HIDES_MASK);
    const supervisor = start(tool, [], ['sleep', '30']);
    // Send SIGHUP as soon as the supervisor blocks it (signalfd blocks it before
    // starting the command), or else once the command exists (tini is then in
    // sigtimedwait, which /proc shows as unblocked). A mask with SIGSEGV
    // blocked too is Node's or libuv's transient all-blocked mask, not ours.
    await until('SIGHUP blocked or the command started', () => {
      let status = '';
      try {
        status = readFileSync(`/proc/${supervisor.pid}/status`, 'utf8');
      } catch {
        return false;
      }
      const blocked = BigInt(`0x${/SigBlk:\s*(\w+)/.exec(status)![1]}`);
      return ((blocked & 1n) === 1n && (blocked & (1n << 10n)) === 0n) || childrenOf(supervisor.pid).length > 0;
    });
    process.kill(supervisor.pid, 'SIGHUP');
    expect((await supervisor.exit()).code).toBe(129);
  });

  it('-p SIGUSR1 forwards the parent-death signal when its parent dies', async () => {
    const [file, args] = under(tool, ['-p', 'SIGUSR1'], [NODE, `${fixturesDir}sup-report.mjs`]);
    // The shell is the supervisor's parent; it prints the supervisor's pid.
    const parent = track(run(SH, ['-c', `${shellLine([file, ...args])} & echo '{"supervisor":'$!'}'; wait`]));
    const { supervisor } = await parent.json<{ supervisor: number }>('supervisor');
    strays.add(supervisor);
    const ready = await parent.json<{ pid: number }>('ready');
    strays.add(ready.pid);
    parent.child.kill('SIGKILL');
    // Running.line() gives up once its child (the killed shell) exits; read its lines instead.
    const line = await until('SIGUSR1 report', () => parent.lines.find((text) => text.includes('"signal":"SIGUSR1"')));
    expect(JSON.parse(line)).toMatchObject({ pid: supervisor, by: ready.pid });
    process.kill(supervisor, 'SIGTERM');
    await until('SIGTERM report', () => parent.lines.find((text) => text.includes('"signal":"SIGTERM"')));
  });

  it('as PID 1 of a PID namespace reaps orphans and forwards SIGTERM', async () => {
    const [file, args] = under(tool, [], [SH, `${fixturesDir}sup-orphans.sh`, '5']);
    const unshare = track(run('unshare', ['--pid', '--fork', '--mount-proc', file, ...args]));
    await unshare.json('ready');
    const [init] = await until('the namespace init', () => childrenOf(unshare.pid).length === 1 && childrenOf(unshare.pid));
    const orphans = await until('5 orphans reparented to PID 1', () => {
      const sleeping = childrenOf(init!.pid).filter((child) => child.comm === 'sleep');
      return sleeping.length === 5 && sleeping;
    });
    for (const orphan of orphans) kill(orphan.pid, 'SIGKILL');
    await until('orphans reaped by PID 1', () => childrenOf(init!.pid).every((child) => child.comm !== 'sleep'));
    process.kill(init!.pid, 'SIGTERM');
    expect((await unshare.exit()).code).toBe(143);
  });
});

describe('signalfd run, where tini falls short', () => {
  it('forwards a real-time signal with its payload intact (tini loses it)', async () => {
    const results: Record<Tool, Report> = {} as Record<Tool, Report>;
    for (const tool of TOOLS) {
      const supervisor = start(tool, [], [NODE, `${fixturesDir}sup-report.mjs`]);
      await supervisor.json('ready');
      sigqueue(supervisor.pid, 'SIGRTMIN+2', 4242);
      results[tool] = JSON.parse(await supervisor.line('"signal":"SIGRTMIN+2"')) as Report;
      process.kill(supervisor.pid, 'SIGTERM');
      expect((await supervisor.exit()).code).toBe(0);
    }
    expect(results.signalfd).toMatchObject({ code: 'SI_QUEUE', int: 4242 });
    expect(results.tini).toMatchObject({ code: 'SI_USER', int: 0 });
  });

  it('--verbose logs each forwarded signal with its sender pid and uid', async () => {
    const supervisor = start('signalfd', ['-v'], [NODE, `${fixturesDir}sup-report.mjs`]);
    const ready = await supervisor.json<{ pid: number }>('ready');
    sigqueue(supervisor.pid, 'SIGUSR2', 7);
    await supervisor.line('"signal":"SIGUSR2"');
    process.kill(supervisor.pid, 'SIGTERM');
    const exit = await supervisor.exit();
    expect(exit.code).toBe(0);
    expect(exit.stderr).toContain(`forwarded SIGUSR2 from pid ${process.pid} (uid ${process.getuid!()}) to pid ${ready.pid} with value 7`);
    expect(exit.stderr).toContain(`forwarded SIGTERM from pid ${process.pid} (uid ${process.getuid!()}) to pid ${ready.pid}\n`);
  });

  it('--wait-all waits --grace for a lingering descendant, then SIGTERMs it, then SIGKILLs it', async (context) => {
    if (UNDER_QEMU) context.skip(QEMU_NO_SUBREAPER);
    const graceMs = 800;
    const supervisor = start('signalfd', ['-v', '--wait-all', '--grace', String(graceMs)], [SH, `${fixturesDir}sup-lingering.sh`]);
    const { lingering } = await supervisor.json<{ lingering: number }>('lingering');
    strays.add(lingering);
    await supervisor.json('ready');
    const commandToldToExit = Date.now();
    process.kill(supervisor.pid, 'SIGUSR1');
    const term = JSON.parse(await supervisor.line('"signal":"SIGTERM"')) as Report;
    const exit = await supervisor.exit();
    const exited = Date.now();
    expect(exit.code).toBe(3);
    expect(term.by).toBe(lingering);
    // Lower bounds only: the first grace starts when the command exits, after it was told to.
    expect(term.time - commandToldToExit).toBeGreaterThanOrEqual(graceMs);
    expect(exited - commandToldToExit).toBeGreaterThanOrEqual(2 * graceMs);
    const log = exit.stderr;
    const order = [
      `sent SIGTERM to 1 remaining process (${lingering})`,
      `sent SIGKILL to 1 remaining process (${lingering})`,
      `reaped pid ${lingering} (killed by SIGKILL)`,
    ].map((line) => log.indexOf(line));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('tini exits with the command, leaving the lingering descendant running', async () => {
    const supervisor = start('tini', ['-s'], [SH, `${fixturesDir}sup-lingering.sh`]);
    const { lingering } = await supervisor.json<{ lingering: number }>('lingering');
    strays.add(lingering);
    await supervisor.json('ready');
    process.kill(supervisor.pid, 'SIGUSR1');
    // Its stdout stays open in the lingering process: wait for the exit itself.
    const [code] = await once(supervisor.child, 'exit');
    expect(code).toBe(3);
    expect(proc(lingering)?.state).toMatch(/[SR]/);
  });

  it('started in the background, does not steal the terminal from the shell (tini does)', async () => {
    const tpgid: Partial<Record<Tool, { command: number; shell: number }>> = {};
    for (const tool of TOOLS) {
      const [file, args] = under(tool, [], [SH, `${fixturesDir}sup-tty.sh`]);
      // A job-control shell runs the supervisor as a background job in a pty, then says who has the terminal.
      const script = `set -m; ${shellLine([file, ...args])} & wait; read -r stat < /proc/$$/stat; set -- $stat; echo "{\\"shell\\":$5,\\"after\\":$8}"`;
      const terminal = track(run('script', ['-qec', `sh -c '${script.replaceAll("'", `'\\''`)}'`, '/dev/null']));
      const command = await terminal.json<{ pgid: number; tpgid: number }>('tpgid');
      const shell = await terminal.json<{ shell: number; after: number }>('shell');
      expect((await terminal.exit()).code).toBe(0);
      expect(command.pgid).not.toBe(shell.shell);
      tpgid[tool] = { command: command.tpgid === command.pgid ? 1 : 0, shell: shell.after === shell.shell ? 1 : 0 };
    }
    // 1 = that process group had the terminal.
    expect(tpgid.tini).toEqual({ command: 1, shell: 0 });
    expect(tpgid.signalfd).toEqual({ command: 0, shell: 1 });
  });

  it('--rewrite TERM:USR1 forwards SIGTERM as SIGUSR1, HUP:0 drops SIGHUP', async () => {
    const supervisor = start('signalfd', ['-v', '-r', 'TERM:USR1', '-r', 'HUP:0'], [NODE, `${fixturesDir}sup-report.mjs`]);
    const ready = await supervisor.json<{ pid: number }>('ready');
    strays.add(ready.pid);
    process.kill(supervisor.pid, 'SIGHUP');
    process.kill(supervisor.pid, 'SIGTERM');
    await supervisor.line('"signal":"SIGUSR1"');
    // Had SIGHUP been forwarded, it would have been reported first.
    expect(reports(supervisor).map((report) => report.signal)).toEqual(['SIGUSR1']);
    process.kill(ready.pid, 'SIGKILL');
    const exit = await supervisor.exit();
    expect(exit.code).toBe(137);
    expect(exit.stderr).toContain(`dropped SIGHUP from pid ${process.pid}`);
    expect(exit.stderr).toMatch(/forwarded SIGTERM from pid \d+ \(uid \d+\) as SIGUSR1 to pid/);
  });

  it('--remap-exit 3:5 maps to any code', async () => {
    expect((await start('signalfd', ['--remap-exit', '3:5'], [SH, '-c', 'exit 3']).exit()).code).toBe(5);
  });

  it('refuses bad usage with exit code 2', async () => {
    for (const args of [[], ['-r', 'KILL:TERM', 'true'], ['-r', 'TERM', 'true'], ['-e', '300', 'true'], ['--grace', '-1', 'true']]) {
      const exit = await track(run(NODE, [MAIN, 'run', ...args])).exit();
      expect(exit.code, args.join(' ')).toBe(2);
      expect(exit.stderr).toMatch(/^signalfd: run: /);
    }
  });
});
