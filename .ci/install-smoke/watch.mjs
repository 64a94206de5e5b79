// Run by .ci/install-test inside a project that installed the packed tarball:
// `import` works, the prebuilt addon loads, and a signal arrives with its siginfo.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { sigqueue, watch } from 'signalfd';

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('signalfd/package.json'));
const addon = require('node-gyp-build').resolve(packageDir);

const timer = setTimeout(() => {
  console.error('no SIGUSR1 within 120 s');
  process.exit(1);
}, 120_000);
const watcher = watch('SIGUSR1');
sigqueue(process.pid, 'SIGUSR1', 42);
for await (const info of watcher) {
  const ok = info.signal === 'SIGUSR1' && info.codeName === 'SI_QUEUE' && info.pid === process.pid && info.int === 42;
  console.log(JSON.stringify({ ok, addon, signal: info.signal, codeName: info.codeName, pid: info.pid, int: info.int }));
  process.exitCode = ok ? 0 : 1;
  break;
}
clearTimeout(timer);
