#!/usr/bin/env node
// `signalfd <command>`: dispatches to one module per command.
import { EXIT_USAGE, UsageError } from './usage_error.js';

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  watch: { summary: 'print each signal this process receives, with its sender', load: async () => (await import('./watch.js')).main },
  send: { summary: 'send a signal with a payload (sigqueue) or to one thread (tgkill)', load: async () => (await import('./send.js')).main },
  mask: { summary: "show a process's blocked, pending, ignored and caught signals per thread", load: async () => (await import('./mask.js')).main },
  info: { summary: 'show SIGRTMIN/SIGRTMAX, the broadcast signal, kernel, libc and version', load: async () => (await import('./info.js')).main },
  run: { summary: 'run a command as its init/supervisor: forward signals, reap zombies', load: async () => (await import('./run.js')).main },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return `Usage: signalfd <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'signalfd <command> --help' for a command's options and examples.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = commands[name];
  if (command === undefined) throw new UsageError(`unknown command '${name}' (try: ${Object.keys(commands).join(', ')})`);
  return (await command.load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof UsageError || (error instanceof Error && 'code' in error && typeof error.code === 'string');
    if (!known) throw error;
    process.stderr.write(`signalfd: ${(error as Error).message}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
