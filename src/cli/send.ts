// `signalfd send`: what kill(1) cannot do — a signal with a payload
// (sigqueue), or a signal to one thread (tgkill).
import { sigqueue, tgkill } from '../index.js';
import { limitPositionals, parseCommandLine, parseInteger, parsePid, parseSignal } from './args.js';
import { nameOf } from './signal_sets.js';
import { UsageError } from './usage_error.js';

const HELP = `Usage: signalfd send PID SIGNAL [--value N] [--tid T]

Sends SIGNAL to process PID with sigqueue(3), carrying the integer payload N
(default 0); the receiver sees si_code SI_QUEUE and the payload (info.int).
With --tid, sends it to thread T of process PID with tgkill(2) instead
(si_code SI_TKILL, no payload).

SIGNAL is a name (USR1, SIGTERM, RTMIN+3), a number, or 0 to only check that
PID exists and may be signalled.

Options:
  --value N    payload, a 32-bit signed integer (not with --tid)
  --tid T      thread id (see /proc/PID/task/ or 'signalfd mask PID')
  -h, --help   this help

Exit codes: 0 sent; 1 the kernel refused (ESRCH: no such process or thread,
EPERM: not permitted, EAGAIN: the receiver's queue is full); 2 usage error.

Examples:
  signalfd send 1234 RTMIN+3 --value 42
  signalfd send 1234 USR1 --tid 1240
  signalfd send 1234 0
`;

/** One line for the kernel's refusal. */
function refusal(error: NodeJS.ErrnoException, pid: number, tid: number | undefined): string {
  const target = tid === undefined ? `process ${pid}` : `thread ${tid} of process ${pid}`;
  if (error.code === 'ESRCH') return `send: no ${target} (ESRCH)`;
  if (error.code === 'EPERM') return `send: not permitted to signal ${target} (EPERM)`;
  return `send: ${error.message}`;
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine('send', argv, { value: { type: 'string' }, tid: { type: 'string' } }, HELP);
  if (parsed === null) return 0;
  const { values, positionals } = parsed;
  if (positionals.length < 2) throw new UsageError(`send: expected PID and SIGNAL (see 'signalfd send --help')`);
  limitPositionals('send', positionals, 2);
  const pid = parsePid('send', 'pid', positionals[0]!);
  const signo = positionals[1] === '0' ? 0 : parseSignal('send', positionals[1]!);
  const tid = values.tid === undefined ? undefined : parsePid('send', '--tid', values.tid);
  if (tid !== undefined && values.value !== undefined) {
    throw new UsageError('send: --value cannot be used with --tid (tgkill carries no payload)');
  }
  const value = values.value === undefined ? 0 : parseInteger('send', '--value', values.value, -(2 ** 31), 2 ** 31 - 1);

  try {
    if (tid === undefined) sigqueue(pid, signo, value);
    else tgkill(pid, tid, signo);
  } catch (error) {
    if (typeof (error as NodeJS.ErrnoException).syscall !== 'string') throw error;
    process.stderr.write(`signalfd: ${refusal(error as NodeJS.ErrnoException, pid, tid)}\n`);
    return 1;
  }
  const target = tid === undefined ? `pid ${pid}` : `thread ${tid} of pid ${pid}`;
  if (signo === 0) console.log(`${target} exists and may be signalled`);
  else console.log(`sent ${nameOf(signo)} (${signo}) to ${target}${tid === undefined ? `, value ${value}` : ''}`);
  return 0;
}
