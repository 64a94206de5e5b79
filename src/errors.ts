// Argument errors shaped like Node's own (TypeError/RangeError with ERR_* codes).

type Code =
  | 'ERR_INVALID_ARG_TYPE'
  | 'ERR_INVALID_ARG_VALUE'
  | 'ERR_OUT_OF_RANGE'
  | 'ERR_UNKNOWN_SIGNAL'
  | 'ERR_SIGNALFD_PROF'
  | 'ERR_SIGNALFD_CLOSED';

function withCode<E extends Error>(error: E, code: Code): E & { code: Code } {
  return Object.assign(error, { code });
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `function ${value.name || '<anonymous>'}`;
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'Object'}`;
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : String(value);
  return `type ${typeof value} (${shown})`;
}

export function invalidArgType(name: string, expected: string, actual: unknown): TypeError {
  return withCode(
    new TypeError(`The "${name}" argument must be ${expected}. Received ${describe(actual)}`),
    'ERR_INVALID_ARG_TYPE',
  );
}

export function invalidArgValue(name: string, value: unknown, reason: string): RangeError {
  return withCode(
    new RangeError(`The argument '${name}' ${reason}. Received ${describe(value)}`),
    'ERR_INVALID_ARG_VALUE',
  );
}

export function outOfRange(name: string, range: string, value: unknown): RangeError {
  return withCode(
    new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${String(value)}`),
    'ERR_OUT_OF_RANGE',
  );
}

export function unknownSignal(value: unknown): TypeError {
  return withCode(new TypeError(`Unknown signal: ${String(value)}`), 'ERR_UNKNOWN_SIGNAL');
}

export function underProfiler(): Error {
  return withCode(
    new Error(
      'Process-wide signal blocking is not possible under `node --prof`: libuv then replaces the event ' +
        "loop thread's signal mask while it waits (epoll_pwait with SIGPROF), so blocked signals would " +
        'reach that thread anyway. Profile with --cpu-prof instead.',
    ),
    'ERR_SIGNALFD_PROF',
  );
}

export function closedWatcher(): Error {
  return withCode(new Error('The signal watcher is closed'), 'ERR_SIGNALFD_CLOSED');
}

export function validateInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  return value;
}

export function validateObject<T extends object>(name: string, value: unknown): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgType(name, 'of type object', value);
  }
  return value as T;
}
