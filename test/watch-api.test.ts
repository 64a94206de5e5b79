// watch()/once() argument errors (Node's error codes) and the watcher's
// properties, in a child process like every test that loads the addon.
import { expect, it } from 'vitest';
import { runFixture } from './helpers.js';

const typeError = (code = 'ERR_INVALID_ARG_TYPE') => ({ name: 'TypeError', code });
const rangeError = (code: string) => ({ name: 'RangeError', code });

it('rejects bad arguments with TypeError/RangeError and Node error codes, blocking nothing', async () => {
  const fixture = runFixture('watch-errors.mjs');
  const exit = await fixture.exit();
  expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null });
  const [arguments_, properties, closed] = fixture.jsonLines();
  expect(arguments_).toEqual({
    errors: {
      noSignals: rangeError('ERR_INVALID_ARG_VALUE'),
      unknownSignal: typeError('ERR_UNKNOWN_SIGNAL'),
      sigkill: rangeError('ERR_INVALID_ARG_VALUE'),
      sigsegv: rangeError('ERR_INVALID_ARG_VALUE'),
      notAList: typeError(),
      options: typeError(),
      highWaterMarkType: typeError(),
      highWaterMarkZero: rangeError('ERR_OUT_OF_RANGE'),
      highWaterMarkFraction: rangeError('ERR_OUT_OF_RANGE'),
      abortSignal: typeError(),
      allowType: typeError(),
      allowUid: typeError(),
      allowUidValue: rangeError('ERR_OUT_OF_RANGE'),
      allowKernel: typeError(),
      ref: typeError(),
    },
    onceErrors: {
      timeoutType: typeError(),
      timeoutNegative: rangeError('ERR_OUT_OF_RANGE'),
      options: typeError(),
    },
    mask: [],
  });
  expect(properties).toEqual({
    // Names, in the order given, without repeats (15 is SIGTERM).
    signals: ['SIGTERM', 'SIGHUP', 'SIGRTMIN+2'],
    frozen: true,
    fd: true,
    // SIGCHLD is read by the relay thread, not from this thread's signalfd.
    sigchldOnlyFd: -1,
    closed: false,
    stats: { received: 0, viaSignalfd: 0, viaSafetyNet: 0, dropped: 0, coalesced: 0, buffered: 0 },
    dropped: 0,
    iterator: true,
    refReturns: true,
  });
  expect(closed).toEqual({ closedFd: -1, closed: true, mask: [] });
});

it('a SIGCHLD watcher with next() pending keeps the process alive until a child exits', async () => {
  const fixture = runFixture('watch-lifecycle.mjs', ['sigchldRef']);
  const exit = await fixture.exit();
  expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null });
  expect(fixture.jsonLines()).toEqual([{ child: true, code: 'CLD_EXITED', status: 0 }]);
});

const nodeMajor = Number(process.versions.node.split('.')[0]);

// `await using` parses from Node 24 on (the Node matrix runs this); on older
// Node the lifecycle tests call [Symbol.asyncDispose]() directly.
it('await using disposes of the watcher at the end of the block', async (context) => {
  if (nodeMajor < 24) context.skip(`\`await using\` does not parse on Node ${nodeMajor}; [Symbol.asyncDispose]() is tested in lifecycle.test.ts`);
  const fixture = runFixture('watch-await-using.mjs');
  const exit = await fixture.exit();
  expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null });
  expect(fixture.jsonLines()).toEqual([{ inside: ['SIGUSR2'], got: 'SIGUSR2' }, { after: [] }]);
});
