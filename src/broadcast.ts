// The private real-time signal that carries process-wide mask changes to
// every thread. Chosen once per process: SIGNALFD_BROADCAST_SIGNAL, a call to
// setBroadcastSignal(), or the first of SIGRTMIN+1 … SIGRTMAX-1 left at its
// default disposition.
import { native } from './binding.js';
import { invalidArgValue } from './errors.js';
import { SIGRTMAX, SIGRTMIN, signalName, signalNumber, type SignalName, type SignalSpec } from './signals.js';

function install(signo: number): number {
  if (signo <= SIGRTMIN || signo >= SIGRTMAX) {
    throw invalidArgValue('signal', signalName(signo), `must be between SIGRTMIN+1 and SIGRTMAX-1`);
  }
  return native.selectBroadcastSignal(signo);
}

/** The broadcast signal's number, choosing and installing it on first use. */
export function broadcastSignalNumber(): number {
  const installed = native.broadcastSignal();
  if (installed !== 0) return installed;
  const fromEnvironment = process.env.SIGNALFD_BROADCAST_SIGNAL;
  return fromEnvironment ? install(signalNumber(fromEnvironment)) : native.selectBroadcastSignal(0);
}

/** The signal this process uses for mask broadcasts (chosen on first call). */
export function broadcastSignal(): SignalName {
  return signalName(broadcastSignalNumber());
}

/**
 * Chooses the broadcast signal before any process-wide mask change. Throws
 * EBUSY once another one is in use, EINVAL if its disposition is not default.
 */
export function setBroadcastSignal(spec: SignalSpec): SignalName {
  return signalName(install(signalNumber(spec)));
}
