// Command-line arguments for the CLI commands: parseArgs with one-line usage
// errors, and the parsers for pids, signals and numbers they share.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SIGRTMAX, SIGRTMIN, signalNumber } from '../index.js';
import { UsageError } from './usage_error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

type CommandLine<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & typeof HELP_OPTION; allowPositionals: true; strict: true }>
>;

// Linux's PID_MAX_LIMIT: no pid or tid is ever larger.
const PID_MAX = 2 ** 22;

/**
 * Parses `argv` for `command`, adding --help. Returns null when help was asked
 * for (after printing `help`), so the command returns exit code 0.
 */
export function parseCommandLine<const O extends Options>(command: string, argv: string[], options: O, help: string): CommandLine<O> | null {
  let parsed: CommandLine<O>;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, ...HELP_OPTION }, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs explains itself well, on several lines; keep one, without its long '--' advice.
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\s*\n\s*/g, ' ');
    throw new UsageError(`${command}: ${message} (see 'signalfd ${command} --help')`);
  }
  if ((parsed.values as { help?: boolean }).help === true) {
    process.stdout.write(help);
    return null;
  }
  return parsed;
}

/** A process id (1 … 2^22). */
export function parsePid(command: string, what: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > PID_MAX) {
    throw new UsageError(`${command}: bad ${what} '${text}': expected a number from 1 to ${PID_MAX}`);
  }
  return Number(text);
}

/** A signal name ('HUP', 'SIGTERM', 'RTMIN+3') or number, as its number. */
export function parseSignal(command: string, text: string): number {
  try {
    return signalNumber(text);
  } catch {
    throw new UsageError(
      `${command}: unknown signal '${text}' (use names like HUP, SIGTERM, SIGRTMIN+3, or numbers 1-31 and ${SIGRTMIN}-${SIGRTMAX})`,
    );
  }
}

/** An integer in [min, max]. */
export function parseInteger(command: string, option: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || value < min || value > max) {
    throw new UsageError(`${command}: bad ${option} '${text}': expected an integer from ${min} to ${max}`);
  }
  return value;
}

/** A positive number of seconds, fractions allowed. */
export function parseSeconds(command: string, option: string, text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value <= 0 || value > 2 ** 31 / 1000) {
    throw new UsageError(`${command}: bad ${option} '${text}': expected a positive number of seconds`);
  }
  return value;
}

/** Refuses positionals beyond `max`. */
export function limitPositionals(command: string, positionals: string[], max: number): void {
  if (positionals.length > max) throw new UsageError(`${command}: unexpected argument '${positionals[max]}'`);
}
