// Signal sets for people: kernel bit masks to names, and short descriptions
// of long sets ("SIGRTMIN+2..SIGRTMAX", "all except SIGKILL SIGSTOP").
import { isRealTime, signalName } from '../index.js';

// The kernel's signal numbers on x86-64 and arm64 (_NSIG).
const KERNEL_SIGNALS = 64;

/** Signal numbers set in a /proc mask (bit n-1 is signal n). */
export function maskSignals(mask: bigint): number[] {
  const numbers: number[] = [];
  for (let signo = 1; signo <= KERNEL_SIGNALS; signo++) if ((mask >> BigInt(signo - 1)) & 1n) numbers.push(signo);
  return numbers;
}

/** A signal's name; the two glibc keeps for itself (32, 33) have none, so 'SIG32'. */
export function nameOf(signo: number): string {
  try {
    return signalName(signo);
  } catch {
    return `SIG${signo}`;
  }
}

/** Names in order, with runs of three or more real-time signals as 'first..last'. */
function listNames(numbers: number[]): string[] {
  const words: string[] = [];
  for (let at = 0; at < numbers.length; ) {
    let end = at;
    while (end + 1 < numbers.length && isRealTime(numbers[end + 1]!) && numbers[end + 1] === numbers[end]! + 1) end++;
    if (isRealTime(numbers[at]!) && end - at >= 2) {
      words.push(`${nameOf(numbers[at]!)}..${nameOf(numbers[end]!)}`);
      at = end + 1;
    } else {
      words.push(nameOf(numbers[at]!));
      at++;
    }
  }
  return words;
}

/** A set of signals in a few words: 'none', 'SIGHUP SIGRTMIN..SIGRTMAX', or 'all except SIGKILL SIGSTOP'. */
export function describeSignals(numbers: number[]): string {
  if (numbers.length === 0) return 'none';
  const present = new Set(numbers);
  const missing: number[] = [];
  for (let signo = 1; signo <= KERNEL_SIGNALS; signo++) if (!present.has(signo)) missing.push(signo);
  if (missing.length === 0) return 'all';
  const listed = listNames([...present].sort((a, b) => a - b));
  const excepted = listNames(missing);
  return excepted.length < listed.length ? `all except ${excepted.join(' ')}` : listed.join(' ');
}
