// `signalfd run -- CMD ARGS...`: a container init on the public API. Forwards
// signals (with their payloads), reaps inherited zombies, exits as CMD did.
import {
  isChildSubreaper,
  supervise,
  type ForwardedSignal,
  type ReapedChild,
  type SuperviseOptions,
  type SupervisorExit,
  type TerminatedDescendants,
} from '../index.js';
import { parseCommandLine, parseInteger, parseSignal } from './args.js';
import { UsageError } from './usage_error.js';

const HELP = `Usage: signalfd run [options] [--] CMD [ARGS...]

Runs CMD as an init (like tini): CMD gets a process group of its own and the
terminal, when this command had it in the foreground; every signal this
command receives is forwarded to CMD (real-time and sigqueue'd ones with their
payload); zombies it inherits are reaped; it exits with CMD's exit code, or
128 + the signal's number when a signal killed CMD, or 127 (not found) / 126
(not executable) when CMD could not be run.

Not forwarded: SIGCHLD (it means reaping), SIGKILL and SIGSTOP (they cannot be
caught), the fault signals SIGSEGV SIGBUS SIGFPE SIGILL SIGABRT SIGTRAP SIGSYS,
this process's broadcast signal (see 'signalfd info'), and SIGTTIN/SIGTTOU
unless a --rewrite names them.

Options:
  -g, --group              forward to CMD's process group, not CMD alone
  -s, --subreaper          become a child subreaper (needed to reap orphans
                           when this is not PID 1; without it and not PID 1,
                           a warning is printed)
  -p, --pdeathsig SIG      get SIG when this command's parent dies (and
                           forward it)
  -r, --rewrite SIG:SIG    forward the first signal as the second; SIG:0 drops
                           it (repeatable)
  -e, --remap-exit N[:M]   exit with M (default 0) when CMD's status is N
                           (repeatable)
      --wait-all           after CMD exits, wait for its remaining descendants
                           up to --grace, then SIGTERM them, wait --grace
                           again, then SIGKILL them; implies --subreaper
      --grace MS           milliseconds for each --wait-all step (default 5000)
  -v, --verbose            log each forwarded signal with its sender's pid and
                           uid, and each reaped process with its status, to
                           stderr
  -h, --help               this help

Exit codes: CMD's (see above, after --remap-exit); 2 usage error.

Examples:
  signalfd run -- node server.js
  signalfd run -s -g -- sh -c 'worker & exec server'
  signalfd run --wait-all --grace 10000 -- ./start-all.sh
  signalfd run -r TERM:QUIT -r HUP:0 -- nginx -g 'daemon off;'

In a Dockerfile:
  ENTRYPOINT ["npx", "signalfd", "run", "--"]
  CMD ["node", "server.js"]
`;

const OPTIONS = {
  group: { type: 'boolean', short: 'g' },
  subreaper: { type: 'boolean', short: 's' },
  pdeathsig: { type: 'string', short: 'p' },
  rewrite: { type: 'string', short: 'r', multiple: true },
  'remap-exit': { type: 'string', short: 'e', multiple: true },
  'wait-all': { type: 'boolean' },
  grace: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

/** Splits argv at '--' or at CMD, the first argument that is not an option or an option's value. */
function splitAtCommand(argv: string[]): { options: string[]; command: string[] } {
  const takesValue = new Set<string>();
  for (const [name, option] of Object.entries(OPTIONS)) {
    if (option.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if ('short' in option) takesValue.add(`-${option.short}`);
  }
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') return { options: argv.slice(0, index), command: argv.slice(index + 1) };
    if (!arg.startsWith('-') || arg === '-') return { options: argv.slice(0, index), command: argv.slice(index) };
    // '-gp SIG': the last short option of a group takes the value.
    const option = arg.startsWith('--') ? arg : `-${arg.at(-1)}`;
    if (takesValue.has(option) && !arg.includes('=')) index++;
  }
  return { options: argv, command: [] };
}

function parseRewrite(text: string): [number, number | 0] {
  const [from, to, extra] = text.split(':');
  if (from === undefined || to === undefined || extra !== undefined) {
    throw new UsageError(`run: bad --rewrite '${text}': expected SIG:SIG, e.g. TERM:QUIT or HUP:0`);
  }
  return [parseSignal('run', from), to === '0' ? 0 : parseSignal('run', to)];
}

function parseRemap(text: string): [number, number] {
  const [from, to = '0', extra] = text.split(':');
  if (extra !== undefined) throw new UsageError(`run: bad --remap-exit '${text}': expected N or N:M`);
  return [parseInteger('run', '--remap-exit', from!, 0, 255), parseInteger('run', '--remap-exit', to, 0, 255)];
}

function log(message: string): void {
  process.stderr.write(`signalfd run: ${message}\n`);
}

function describeForward({ info, signal, to, queued, error }: ForwardedSignal): string {
  const received = `${info.signal} from pid ${info.pid} (uid ${info.uid})`;
  if (signal === null) return `dropped ${received}`;
  const as = signal === info.signal ? '' : ` as ${signal}`;
  const target = to! < 0 ? `process group ${-to!}` : `pid ${to}`;
  const value = queued ? ` with value ${info.int}` : '';
  const failure = error === null ? '' : `: ${error.code}`;
  return `forwarded ${received}${as} to ${target}${value}${failure}`;
}

function describeReap({ pid, exitCode, signal }: ReapedChild): string {
  return `reaped pid ${pid} (${signal === null ? `exit code ${exitCode}` : `killed by ${signal}`})`;
}

function describeTerminate({ signal, pids }: TerminatedDescendants): string {
  return `grace period over: sent ${signal} to ${pids.length} remaining process${pids.length === 1 ? '' : 'es'} (${pids.join(' ')})`;
}

function describeExit(command: string, { exitCode, signal }: SupervisorExit): string {
  return signal === null ? `${command} exited with code ${exitCode}` : `${command} was killed by ${signal}`;
}

function describeStartFailure(command: string, { syscall, code, description }: NonNullable<SupervisorExit['error']>): string {
  return syscall.startsWith('spawn ')
    ? `cannot run '${command}': ${description} (${code})`
    : `cannot start '${command}': ${syscall} failed: ${description} (${code})`;
}

/** Whether this process is a child subreaper; false when that cannot be read (qemu-user: EINVAL). */
function subreaper(): boolean {
  try {
    return isChildSubreaper();
  } catch {
    return false;
  }
}

function warnIfNotReaping(): void {
  if (process.pid === 1 || subreaper()) return;
  log(
    'warning: not running as PID 1 and not a child subreaper, so orphaned processes are not reparented ' +
      'here and their zombies are not reaped. Use --subreaper (-s), or run this as PID 1.',
  );
}

export async function main(argv: string[]): Promise<number> {
  const split = splitAtCommand(argv);
  const parsed = parseCommandLine('run', split.options, OPTIONS, HELP);
  if (parsed === null) return 0;
  const { values } = parsed;
  const [command, ...args] = split.command;
  if (command === undefined) throw new UsageError("run: expected a command (see 'signalfd run --help')");

  const remap = new Map((values['remap-exit'] ?? []).map(parseRemap));
  const options: SuperviseOptions = {
    group: values.group === true,
    subreaper: values.subreaper === true,
    waitAll: values['wait-all'] === true,
    rewrite: new Map((values.rewrite ?? []).map(parseRewrite)),
    ...(values.pdeathsig !== undefined && { parentDeathSignal: parseSignal('run', values.pdeathsig) }),
    ...(values.grace !== undefined && { grace: parseInteger('run', '--grace', values.grace, 0, 2 ** 31 - 1) }),
  };
  const verbose = values.verbose === true;

  let supervisor;
  try {
    supervisor = supervise(command, args, options);
  } catch (error) {
    // A --rewrite of a signal that is never forwarded.
    if ((error as { code?: unknown }).code === 'ERR_INVALID_ARG_VALUE') {
      throw new UsageError(`run: ${(error as Error).message.replace(/\. Received .*$/, '')}`);
    }
    // The kernel refused a step (prctl for --subreaper or --pdeathsig), as tini's fatal errors: exit 1.
    if (typeof (error as NodeJS.ErrnoException).syscall !== 'string') throw error;
    log(`cannot start: ${(error as Error).message}`);
    return 1;
  }
  warnIfNotReaping();
  if (verbose) {
    log(`pid ${supervisor.child.pid}: ${[command, ...args].join(' ')}`);
    supervisor.on('signal', (forwarded) => log(describeForward(forwarded)));
    supervisor.on('reap', (reaped) => log(describeReap(reaped)));
    supervisor.on('terminate', (terminated) => log(describeTerminate(terminated)));
  } else {
    supervisor.on('signal', (forwarded) => {
      if (forwarded.error !== null && forwarded.error.code !== 'ESRCH') log(`warning: ${describeForward(forwarded)}`);
    });
  }
  supervisor.on('error', (error) => {
    log(`supervision failed: ${(error as Error).message}`);
    process.exit(1);
  });
  // Exit from the listener, while every signal is still blocked: once the
  // supervisor unblocks them, one more signal would meet its default action.
  supervisor.on('exit', (result) => {
    if (result.error !== null) log(describeStartFailure(command, result.error));
    else if (verbose) log(describeExit(command, result));
    const status = remap.get(result.status) ?? result.status;
    if (verbose && status !== result.status) log(`exit status ${result.status} remapped to ${status}`);
    process.exit(status);
  });
  return new Promise<number>(() => {});
}
