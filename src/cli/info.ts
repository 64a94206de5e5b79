// `signalfd info`: the facts a bug report needs — signal numbers, the
// broadcast signal, kernel, libc and versions.
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { SIGRTMAX, SIGRTMIN, signalNumber } from '../index.js';
import { limitPositionals, parseCommandLine } from './args.js';
import { chosenBroadcastSignal } from './library_errors.js';

const HELP = `Usage: signalfd info [--json]

Shows SIGRTMIN and SIGRTMAX as the C library defines them at run time, the
real-time signal this package uses to change the mask of every thread (the
broadcast signal: SIGNALFD_BROADCAST_SIGNAL, or the first free one from
SIGRTMIN+1), the kernel release, the glibc version, and the versions of this
package and of Node.js.

Options:
  --json       one JSON object with the same facts
  -h, --help   this help

Examples:
  signalfd info
  SIGNALFD_BROADCAST_SIGNAL=RTMAX-1 signalfd info --json
`;

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function glibcVersion(): string | null {
  const header = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header;
  return header.glibcVersionRuntime ?? null;
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine('info', argv, { json: { type: 'boolean' } }, HELP);
  if (parsed === null) return 0;
  limitPositionals('info', parsed.positionals, 0);
  const broadcast = chosenBroadcastSignal();
  const facts = {
    version: packageVersion(),
    SIGRTMIN,
    SIGRTMAX,
    broadcastSignal: broadcast,
    broadcastSignalNumber: signalNumber(broadcast),
    kernel: release(),
    glibc: glibcVersion(),
    node: process.version,
    arch: process.arch,
  };
  if (parsed.values.json === true) {
    console.log(JSON.stringify(facts));
    return 0;
  }
  const lines: Array<[string, string]> = [
    ['signalfd', facts.version],
    ['SIGRTMIN', String(SIGRTMIN)],
    ['SIGRTMAX', String(SIGRTMAX)],
    ['broadcast', `${broadcast} (${facts.broadcastSignalNumber})`],
    ['kernel', `Linux ${facts.kernel}`],
    ['glibc', facts.glibc ?? 'not glibc'],
    ['node', `${facts.node} (${facts.arch})`],
  ];
  for (const [label, value] of lines) console.log(`${label.padEnd(10)} ${value}`);
  return 0;
}
