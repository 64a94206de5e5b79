// Signal names and numbers, checked against bash's `kill -l` (glibc's names).
import { execFileSync } from 'node:child_process';
import { constants } from 'node:os';
import { expect, test } from 'vitest';
import { isRealTime, signalName, signalNumber, signals, SIGRTMAX, SIGRTMIN } from '../dist/index.js';

test('SIGRTMIN and SIGRTMAX come from the C library at run time (glibc keeps 32 and 33)', () => {
  expect(SIGRTMIN).toBe(34);
  expect(SIGRTMAX).toBe(64);
  expect(isRealTime(SIGRTMIN)).toBe(true);
  expect(isRealTime(SIGRTMAX)).toBe(true);
  expect(isRealTime(33)).toBe(false);
  expect(isRealTime(15)).toBe(false);
});

test('signals() lists every signal once, by number, and each name round-trips', () => {
  const all = signals();
  const numbers = all.map(signalNumber);
  expect(numbers).toEqual([...Array.from({ length: 31 }, (_, index) => index + 1), ...Array.from({ length: SIGRTMAX - SIGRTMIN + 1 }, (_, index) => SIGRTMIN + index)]);
  for (const name of all) expect(signalName(signalNumber(name))).toBe(name);
  for (const signo of numbers) expect(signalNumber(signalName(signo))).toBe(signo);
});

test('names agree with bash kill -l for every signal, real-time ones included', () => {
  const numbers = signals().map(signalNumber);
  const bashNames = execFileSync('bash', ['-c', `for n in ${numbers.join(' ')}; do kill -l $n; done`], { encoding: 'utf8' })
    .trim()
    .split('\n');
  expect(numbers.map(signalName)).toEqual(bashNames.map((name) => `SIG${name}`));
});

test('real-time names: SIGRTMIN+n in the lower half, SIGRTMAX-n in the upper, as glibc writes them', () => {
  expect(signalName(SIGRTMIN)).toBe('SIGRTMIN');
  expect(signalName(SIGRTMIN + 1)).toBe('SIGRTMIN+1');
  expect(signalName(SIGRTMIN + 15)).toBe('SIGRTMIN+15');
  expect(signalName(SIGRTMIN + 16)).toBe('SIGRTMAX-14');
  expect(signalName(SIGRTMAX - 1)).toBe('SIGRTMAX-1');
  expect(signalName(SIGRTMAX)).toBe('SIGRTMAX');
  // Either spelling is accepted for any real-time signal.
  expect(signalNumber('SIGRTMIN+3')).toBe(SIGRTMIN + 3);
  expect(signalNumber('SIGRTMAX-1')).toBe(SIGRTMAX - 1);
  expect(signalNumber('SIGRTMIN+20')).toBe(SIGRTMAX - 10);
  expect(signalNumber('SIGRTMAX-30')).toBe(SIGRTMIN);
  expect(signalNumber('SIGRTMIN+0')).toBe(SIGRTMIN);
  expect(signalNumber('RTMIN')).toBe(SIGRTMIN);
  expect(signalNumber('rtmax-2')).toBe(SIGRTMAX - 2);
  expect(signalNumber(String(SIGRTMIN + 2))).toBe(SIGRTMIN + 2);
});

test('a signal may be given as a name with or without SIG, in any case, or as a number or numeric string', () => {
  for (const spec of ['SIGTERM', 'TERM', 'sigterm', 'term', ' SIGTERM ', '15', 15]) expect(signalNumber(spec)).toBe(15);
  expect(signalName(15)).toBe('SIGTERM');
});

test('aliases resolve; the name given back is the first one Node lists', () => {
  expect(signalNumber('SIGIOT')).toBe(constants.signals.SIGABRT);
  expect(signalName(constants.signals.SIGABRT)).toBe('SIGABRT');
  expect(signalNumber('SIGPOLL')).toBe(constants.signals.SIGIO);
  expect(signalName(constants.signals.SIGIO)).toBe('SIGIO');
});
