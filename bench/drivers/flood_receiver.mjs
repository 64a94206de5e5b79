// Receives a flood from bench/c/rt_sender.c through a watcher, which stays
// open: payloads must come as 0..count-1, each exactly once and in order.
// Times first to last record. `style` 'batches' takes an array of records per
// await (nextBatch()) instead of one record per next().
export async function receiveFlood(watcher, count, style = 'next') {
  if (style === 'batches') return receiveBatches(watcher, count);
  let received = 0;
  let misordered = 0;
  let first = 0n;
  while (received < count) {
    const { value: info, done } = await watcher.next();
    if (done) break;
    if (received === 0) first = process.hrtime.bigint();
    if (info.int !== received) misordered++;
    received++;
  }
  return { received, misordered, ns: Number(process.hrtime.bigint() - first) };
}

async function receiveBatches(watcher, count) {
  let received = 0;
  let misordered = 0;
  let first = 0n;
  while (received < count) {
    const { value: batch, done } = await watcher.nextBatch();
    if (done) break;
    if (received === 0) first = process.hrtime.bigint();
    for (const info of batch) {
      if (info.int !== received) misordered++;
      received++;
    }
  }
  return { received, misordered, ns: Number(process.hrtime.bigint() - first) };
}
