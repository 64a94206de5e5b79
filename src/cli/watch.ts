// `signalfd watch`: blocks signals and prints each one received, with who
// sent it. The demo: run it, then send it signals from another terminal.
import { isRealTime, SIGRTMAX, SIGRTMIN, signalNumber, watch, type SignalWatcher } from '../index.js';
import { parseCommandLine, parseInteger, parseSeconds, parseSignal } from './args.js';
import { commandName } from './proc_status.js';
import { formatJson, formatLine, type Received } from './record_format.js';
import { asUsageError, chosenBroadcastSignal } from './library_errors.js';
import { describeSignals, nameOf } from './signal_sets.js';
import { paint } from './style.js';

const HELP = `Usage: signalfd watch [SIGNALS...] [--count N] [--timeout S] [--json] [--allow-uid U]...

Blocks SIGNALS in every thread and prints one line per signal received: time,
name, number, si_code, the sender's pid, uid and command name, the payload of
sigqueue'd signals, the status of a child for SIGCHLD.

SIGNALS are names (HUP, SIGUSR1, RTMIN+3) or numbers. Default: HUP INT QUIT
USR1 USR2 TERM WINCH CONT and SIGRTMIN..SIGRTMAX, except this process's
broadcast signal (see 'signalfd info').

Options:
  --count N       stop after N signals
  --timeout S     stop after S seconds (fractions allowed)
  --json          one JSON object per line: first {"ready":true,"pid":…},
                  then one per signal (every field of the library's record,
                  64-bit fields as decimal strings, plus "comm" and "time"),
                  last {"done":true,"reason":…}
  --allow-uid U   show only signals sent by user id U (repeatable); signals
                  with no sending process (Ctrl-C, terminal resize) still show
  -h, --help      this help

It also stops at the second SIGINT (Ctrl-C twice) when watching SIGINT.
Exit code 0 when it stops; 2 for a usage error.

Examples:
  signalfd watch                      # then: kill -USR1 <pid>
  signalfd watch HUP TERM --count 1   # wait for one of them, print it, exit
  signalfd watch RTMIN+3 --json       # then: signalfd send <pid> RTMIN+3 --value 42
  signalfd watch --allow-uid 0 --timeout 60
`;

const DEFAULT_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGTERM', 'SIGWINCH', 'SIGCONT'];

function defaultSignals(broadcast: number): number[] {
  const realTime = [];
  for (let signo = SIGRTMIN; signo <= SIGRTMAX; signo++) if (signo !== broadcast) realTime.push(signo);
  return [...DEFAULT_SIGNALS.map(signalNumber), ...realTime];
}

type Reason = 'count' | 'timeout' | 'interrupt';

interface Output {
  ready(pid: number, signals: number[]): void;
  signal(received: Received, firstInterrupt: boolean): void;
  done(reason: Reason, received: number, dropped: number): void;
}

const jsonOutput: Output = {
  ready(pid, signals) {
    console.log(JSON.stringify({ ready: true, pid, signals: signals.map(nameOf) }));
  },
  signal(received) {
    console.log(formatJson(received));
  },
  done(reason, received, dropped) {
    console.log(JSON.stringify({ done: true, reason, received, dropped }));
  },
};

/** A command line that sends `signo` to `pid`: kill for most, signalfd send with a payload for real-time ones. */
function example(pid: number, signo: number): string {
  const name = nameOf(signo);
  return isRealTime(signo) ? `npx signalfd send ${pid} ${name} --value 42` : `kill -${name.replace(/^SIG/, '')} ${pid}`;
}

/** `label` then `words`, wrapped to 80 columns under the first word. */
function wrapped(label: string, words: string[]): string {
  const indent = ' '.repeat(label.length);
  const lines: string[] = [];
  let line = label;
  for (const word of words) {
    if (line.length > label.length && line.length + 1 + word.length > 80) {
      lines.push(line);
      line = indent + word;
    } else {
      line += (line.length > label.length ? ' ' : '') + word;
    }
  }
  return [...lines, line].join('\n');
}

function textOutput(count: number | undefined, timeout: number | undefined): Output {
  const stoppedBy: Record<Reason, string> = {
    count: `--count ${count}`,
    timeout: `--timeout ${timeout}`,
    interrupt: 'second SIGINT',
  };
  return {
    ready(pid, signals) {
      const sorted = [...signals].sort((a, b) => a - b);
      const usr1 = signalNumber('SIGUSR1');
      const standard = sorted.includes(usr1) ? usr1 : sorted.find((signo) => !isRealTime(signo));
      const realTime = sorted.find((signo) => isRealTime(signo) && signo !== SIGRTMIN) ?? sorted.find(isRealTime);
      const tries = [standard, realTime].filter((signo) => signo !== undefined).map((signo) => example(pid, signo));
      console.log(`signalfd watch: pid ${paint('bold', String(pid))}`);
      console.log(wrapped('Watching: ', describeSignals(sorted).split(' ')));
      console.log(`Try: ${tries.map((line) => paint('green', line)).join('   or   ')}`);
      if (signals.includes(signalNumber('SIGINT'))) console.log('Press Ctrl-C twice to quit.');
    },
    signal(received, firstInterrupt) {
      const hint = firstInterrupt ? `  ${paint('yellow', '(press Ctrl-C again to quit)')}` : '';
      // On a terminal, start over the "^C" or "^\" it echoed for the key that sent this.
      console.log((process.stdout.isTTY ? '\r' : '') + formatLine(received) + hint);
    },
    done(reason, received, dropped) {
      const refused = dropped > 0 ? `, ${dropped} refused by --allow-uid` : '';
      console.log(paint('dim', `stopped by ${stoppedBy[reason]}: ${received} signal${received === 1 ? '' : 's'} received${refused}`));
    },
  };
}

function openWatcher(signals: number[], uids: number[] | undefined, abort: AbortSignal): SignalWatcher {
  try {
    return watch(signals, {
      signal: abort,
      // Kernel-sent signals (Ctrl-C, resize) have no sending user to check.
      ...(uids !== undefined && { allow: { uid: uids, kernel: true } }),
    });
  } catch (error) {
    return asUsageError('watch', error);
  }
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(
    'watch',
    argv,
    {
      count: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      'allow-uid': { type: 'string', multiple: true },
    },
    HELP,
  );
  if (parsed === null) return 0;
  const { values, positionals } = parsed;
  const count = values.count === undefined ? undefined : parseInteger('watch', '--count', values.count, 1, 2 ** 31 - 1);
  const seconds = values.timeout === undefined ? undefined : parseSeconds('watch', '--timeout', values.timeout);
  const uids = values['allow-uid']?.map((uid) => parseInteger('watch', '--allow-uid', uid, 0, 2 ** 32 - 1));
  // Chosen first, so that a bad SIGNALFD_BROADCAST_SIGNAL is reported as such.
  const broadcast = signalNumber(chosenBroadcastSignal());
  const signals =
    positionals.length > 0 ? [...new Set(positionals.map((spec) => parseSignal('watch', spec)))] : defaultSignals(broadcast);

  const output = values.json === true ? jsonOutput : textOutput(count, seconds);
  // A reader that went away (`signalfd watch | head -3`) ends it quietly.
  const outputClosed = new AbortController();
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    outputClosed.abort(error);
  });
  const timeout = seconds === undefined ? undefined : AbortSignal.timeout(Math.round(seconds * 1000));
  const abort = timeout === undefined ? outputClosed.signal : AbortSignal.any([outputClosed.signal, timeout]);
  const watcher = openWatcher(signals, uids, abort);
  output.ready(process.pid, signals);

  let received = 0;
  let interrupts = 0;
  let reason: Reason | undefined;
  try {
    while (reason === undefined) {
      const result = await watcher.next();
      if (result.done) throw new Error('signal watcher closed unexpectedly');
      const info = result.value;
      // Read the sender's name now: it may exit at any moment.
      const record: Received = { info, time: new Date(), comm: commandName(info.pid) };
      received++;
      if (info.signal === 'SIGINT') interrupts++;
      if (interrupts === 2) reason = 'interrupt';
      else if (count !== undefined && received >= count) reason = 'count';
      output.signal(record, info.signal === 'SIGINT' && interrupts === 1 && reason === undefined);
    }
  } catch (error) {
    if (outputClosed.signal.aborted) return 0;
    if (error !== timeout?.reason) throw error;
    reason = 'timeout';
  } finally {
    watcher.close();
  }
  output.done(reason, received, watcher.dropped);
  return 0;
}
