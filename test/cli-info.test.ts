// `signalfd info`: the facts it prints match the machine and the package.
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cliExit } from './cli-helpers.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
// The default choice of broadcast signal, whatever this shell has set.
const { SIGNALFD_BROADCAST_SIGNAL: _unset, ...defaultEnv } = process.env;
const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime;

describe('signalfd info', () => {
  it('--json reports signal numbers, the broadcast signal, kernel, libc and versions', async () => {
    const shown = await cliExit(['info', '--json'], { env: defaultEnv });
    expect(shown).toMatchObject({ code: 0, stderr: '' });
    const info = JSON.parse(shown.stdout) as Record<string, unknown>;
    expect(info).toEqual({
      version,
      SIGRTMIN: 34,
      SIGRTMAX: 64,
      broadcastSignal: 'SIGRTMIN+1',
      broadcastSignalNumber: 35,
      kernel: release(),
      glibc,
      node: process.version,
      arch: process.arch,
    });
  });

  it('reports the broadcast signal chosen through SIGNALFD_BROADCAST_SIGNAL', async () => {
    const shown = await cliExit(['info', '--json'], { env: { ...process.env, SIGNALFD_BROADCAST_SIGNAL: 'RTMAX-1' } });
    expect(JSON.parse(shown.stdout)).toMatchObject({ broadcastSignal: 'SIGRTMAX-1', broadcastSignalNumber: 63 });
  });

  it('prints the same facts as text', async () => {
    const shown = await cliExit(['info'], { env: defaultEnv });
    expect(shown.code).toBe(0);
    expect(shown.stdout.split('\n')).toEqual([
      `signalfd   ${version}`,
      'SIGRTMIN   34',
      'SIGRTMAX   64',
      'broadcast  SIGRTMIN+1 (35)',
      `kernel     Linux ${release()}`,
      `glibc      ${glibc}`,
      `node       ${process.version} (${process.arch})`,
    ]);
  });
});
