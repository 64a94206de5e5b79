// Library argument errors the user caused, as one-line usage errors that say
// where the bad value came from.
import { broadcastSignal } from '../index.js';
import { UsageError } from './usage_error.js';

/** Rethrows an ERR_INVALID_ARG_VALUE / ERR_UNKNOWN_SIGNAL as a UsageError prefixed by `origin`. */
export function asUsageError(origin: string, error: unknown): never {
  const code = (error as { code?: unknown }).code;
  if (code !== 'ERR_INVALID_ARG_VALUE' && code !== 'ERR_UNKNOWN_SIGNAL') throw error;
  // Node-style messages end in ". Received type string ('…')": the user knows what they typed.
  throw new UsageError(`${origin}: ${(error as Error).message.replace(/\. Received .*$/, '')}`);
}

/** The broadcast signal, or a usage error naming SIGNALFD_BROADCAST_SIGNAL when its value is what is wrong. */
export function chosenBroadcastSignal(): string {
  try {
    return broadcastSignal();
  } catch (error) {
    const setting = process.env.SIGNALFD_BROADCAST_SIGNAL;
    if (!setting) throw error;
    return asUsageError(`SIGNALFD_BROADCAST_SIGNAL=${setting}`, error);
  }
}
