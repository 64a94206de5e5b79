// Memory of open watchers: one opened first (the shared reader's setup), then
// COUNT more on the same signal. Usage: node --expose-gc footprint.mjs COUNT
import { watch } from '../../dist/index.js';
import { resources } from './resources.mjs';

const count = Number(process.argv[2]);
const first = watch('SIGUSR2');
const before = await resources();
const watchers = Array.from({ length: count }, () => watch('SIGUSR2'));
const after = await resources();
for (const watcher of [first, ...watchers]) watcher.close();
console.log(
  JSON.stringify({
    watchers: count,
    heapPerWatcher: (after.heapUsed - before.heapUsed) / count,
    rssPerWatcher: (after.rss - before.rss) / count,
    fdsAdded: after.fds - before.fds,
  }),
);
