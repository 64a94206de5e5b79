// Run by .ci/install-test inside a project that installed the packed tarball:
// CommonJS `require('signalfd')` (require of an ES module, Node >= 20.19) works
// and a signal sent with process.kill arrives with its sender.
const { watch, signalNumber } = require('signalfd');

const timer = setTimeout(() => {
  console.error('no SIGUSR2 within 120 s');
  process.exit(1);
}, 120_000);
const watcher = watch('SIGUSR2');
process.kill(process.pid, 'SIGUSR2');
watcher.next().then(({ value: info }) => {
  const ok = info.signal === 'SIGUSR2' && info.codeName === 'SI_USER' && info.pid === process.pid && signalNumber('SIGUSR2') === 12;
  console.log(JSON.stringify({ ok, signal: info.signal, codeName: info.codeName, pid: info.pid }));
  process.exitCode = ok ? 0 : 1;
  watcher.close();
  clearTimeout(timer);
});
