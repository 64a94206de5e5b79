// A small HTTP daemon on signalfd, the way a real one handles signals:
//   SIGHUP          reloads the config file, if sent by this daemon's own user or root
//   SIGTERM/SIGINT  stops accepting connections, lets requests in flight finish, exits 0
//                   (a second one while draining stops it at once)
// Every log line names who asked: pid, uid and command.
//
//   npm run example:daemon                  # builds, then runs with examples/daemon.config.json
//   node dist-examples/daemon.js CONFIG     # once built
//
// Config: {"port": 8080, "greeting": "hello"}; GET / answers the greeting,
// GET /slow?ms=N after N milliseconds (to watch draining at work).
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { once, watch, type SignalInfo } from 'signalfd';

interface Config {
  port: number;
  greeting: string;
}

const configPath = process.argv[2];
if (configPath === undefined) {
  console.error('usage: daemon CONFIG_FILE');
  process.exit(2);
}

function log(message: string): void {
  console.log(`${new Date().toISOString()} daemon[${process.pid}]: ${message}`);
}

/** "pid 1234 (bash), uid 1000": the sender named in the signal's record. */
function sender(info: SignalInfo): string {
  let comm = 'exited';
  try {
    comm = readFileSync(`/proc/${info.pid}/comm`, 'utf8').trim();
  } catch {
    // it exited before we looked
  }
  return `pid ${info.pid} (${comm}), uid ${info.uid}`;
}

function readConfig(): Config {
  const config = JSON.parse(readFileSync(configPath!, 'utf8')) as Partial<Config>;
  if (typeof config.port !== 'number' || typeof config.greeting !== 'string') {
    throw new Error('expected {"port": number, "greeting": string}');
  }
  return config as Config;
}

// Block the signals before anything else: from here on none of them can kill
// the process or be lost; they wait in the kernel until read below.
const reloads = watch('SIGHUP', { allow: { uid: [0, process.getuid!()] } });
const stopRequest = once(['SIGTERM', 'SIGINT']);

let config = readConfig();
let inFlight = 0;

const server = createServer((request, response: ServerResponse) => {
  inFlight++;
  response.on('close', () => inFlight--);
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/slow') {
    const ms = Number(url.searchParams.get('ms') ?? 1000);
    log(`GET /slow: answering in ${ms} ms`);
    setTimeout(() => response.end(`${config.greeting} (after ${ms} ms)\n`), ms);
  } else {
    response.end(`${config.greeting}\n`);
  }
});

server.listen(config.port, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  log(`listening on http://127.0.0.1:${port}/ (reload: kill -HUP ${process.pid}, stop: kill ${process.pid})`);
});

async function reloadOnHangup(): Promise<void> {
  for await (const info of reloads) {
    try {
      const next = readConfig();
      const portNote = next.port === config.port ? '' : ` (port ${next.port} takes effect at restart)`;
      config = { ...next, port: config.port };
      log(`reloaded ${configPath} on SIGHUP from ${sender(info)}: greeting "${config.greeting}"${portNote}`);
    } catch (error) {
      log(`SIGHUP from ${sender(info)}: keeping the previous config, ${configPath} is invalid: ${(error as Error).message}`);
    }
  }
}

const reloading = reloadOnHangup();
const stop = await stopRequest;
// close() stops accepting at once and calls back when the open connections
// have ended; idle keep-alive connections are closed now.
server.close(() => log('stopped'));
server.closeIdleConnections();
log(`stopping on ${stop.signal} from ${sender(stop)}: no new connections, ${inFlight} request(s) in flight`);
reloads.close();
await reloading;
if (reloads.dropped > 0) log(`ignored ${reloads.dropped} SIGHUP from other users`);
