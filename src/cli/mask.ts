// `signalfd mask`: a process's signal state per thread, from /proc — how to
// check that a daemon really blocks, in every thread, what it claims to.
import { limitPositionals, parseCommandLine, parsePid } from './args.js';
import { commandName, threadSignals, type ThreadSignals } from './proc_status.js';
import { describeSignals, maskSignals, nameOf } from './signal_sets.js';
import { paint } from './style.js';

const HELP = `Usage: signalfd mask [PID] [--json]

Shows, for each thread of process PID (default: this command itself), the
signals it blocks and the signals pending for it, plus the signals the process
ignores and catches (one disposition table, shared by all its threads), as
read from /proc/PID/task/*/status (SigBlk, SigPnd + ShdPnd, SigIgn, SigCgt).

A signal blocked on some threads but not others reaches the process anyway,
through a thread that does not block it.

Options:
  --json       one JSON object: {"pid","comm","threads":[{"tid","name",
               "blocked","pending","ignored","caught"}]}, signals by name
  -h, --help   this help

Exit codes: 0 shown; 1 no such process (or /proc unreadable); 2 usage error.

Examples:
  signalfd mask $(pidof mydaemon)
  signalfd mask 1234 --json | jq '.threads[].blocked'
`;

interface ThreadReport {
  tid: number;
  name: string;
  blocked: string[];
  pending: string[];
  ignored: string[];
  caught: string[];
}

function names(mask: bigint): string[] {
  return maskSignals(mask).map(nameOf);
}

function report(thread: ThreadSignals): ThreadReport {
  return {
    tid: thread.tid,
    name: thread.name,
    blocked: names(thread.blocked),
    pending: names(thread.pendingThread | thread.pendingShared),
    ignored: names(thread.ignored),
    caught: names(thread.caught),
  };
}

function printText(pid: number, comm: string | null, threads: ThreadSignals[]): void {
  const first = threads[0]!;
  console.log(`pid ${paint('bold', String(pid))}${comm === null ? '' : ` (${comm})`}, ${threads.length} thread${threads.length === 1 ? '' : 's'}`);
  console.log(`  ignored  ${describeSignals(maskSignals(first.ignored))}`);
  console.log(`  caught   ${describeSignals(maskSignals(first.caught))}`);
  const rows = threads.map((thread) => ({
    tid: String(thread.tid),
    name: thread.name,
    pending: describeSignals(maskSignals(thread.pendingThread | thread.pendingShared)),
    blocked: describeSignals(maskSignals(thread.blocked)),
  }));
  const width = (key: 'tid' | 'name' | 'pending', heading: string) =>
    Math.max(heading.length, ...rows.map((row) => row[key].length));
  const widths = { tid: width('tid', 'TID'), name: width('name', 'NAME'), pending: width('pending', 'PENDING') };
  const row = (tid: string, name: string, pending: string, blocked: string) =>
    `  ${tid.padEnd(widths.tid)}  ${name.padEnd(widths.name)}  ${pending.padEnd(widths.pending)}  ${blocked}`;
  console.log(paint('dim', row('TID', 'NAME', 'PENDING', 'BLOCKED')));
  for (const { tid, name, pending, blocked } of rows) console.log(row(tid, name, pending, blocked));
}

function fail(message: string): number {
  process.stderr.write(`signalfd: mask: ${message}\n`);
  return 1;
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine('mask', argv, { json: { type: 'boolean' } }, HELP);
  if (parsed === null) return 0;
  limitPositionals('mask', parsed.positionals, 1);
  const pid = parsed.positionals[0] === undefined ? process.pid : parsePid('mask', 'pid', parsed.positionals[0]);

  let threads: ThreadSignals[] = [];
  try {
    threads = threadSignals(pid);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES') return fail(`cannot read /proc/${pid} (EACCES)`);
    if (code !== 'ENOENT') throw error;
  }
  // Also empty when it exited between listing its threads and reading them.
  if (threads.length === 0) return fail(`no process ${pid}`);
  const comm = commandName(pid);
  if (parsed.values.json === true) console.log(JSON.stringify({ pid, comm, threads: threads.map(report) }));
  else printText(pid, comm, threads);
  return 0;
}
