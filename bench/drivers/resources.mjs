// What a leak would show: open fds, libuv handles and active resources,
// resident and heap memory. Collects garbage first (run with --expose-gc).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

export async function settle() {
  // Let uv_close callbacks and FinalizationRegistry cleanups run.
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  globalThis.gc?.();
}

// fds registered in libuv's epoll sets: the addon's uv_poll handles are not
// among process._getActiveHandles(), but each one polling has its fd here.
function epollWatches() {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) !== 'anon_inode:[eventpoll]') continue;
      count += (readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').match(/^tfd:/gm) ?? []).length;
    } catch {
      // the fd listing itself, closed by now
    }
  }
  return count;
}

export async function resources() {
  await settle();
  const memory = process.memoryUsage();
  return {
    fds: readdirSync('/proc/self/fd').length,
    handles: process._getActiveHandles().length,
    epollWatches: epollWatches(),
    activeResources: process.getActiveResourcesInfo(),
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    // V8 grows its young generation with the allocation rate (to 32 MB on 64-bit Node 20).
    youngGeneration: getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size,
  };
}
