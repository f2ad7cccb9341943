import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { MediaClock, systemMediaTimer } from '../../src/media/clock/index.js';
import { literalFirstLookup } from '../../src/media/literalFirstLookup.js';
import { commandLines, reply } from './commandLines.js';
import { numberArg } from './numberArg.js';

/**
 * The floor under keyline's media path, measured in the same run (a program, its own process):
 * what Node alone costs to move the benchmark's packets. `--legs N` UDP sockets on 127.0.0.1
 * whose datagrams are counted and dropped, and one prebuilt 172-byte RTP packet sent to each
 * leg's phone per tick of the same `MediaClock` on the system timer — no parsing, no jitter
 * buffer, no decode, mix or encode, no RTCP (it has no RTCP sockets: the phones' reports to the
 * port after each of its ports are refused by the kernel, which costs the phones, not the floor).
 * Same commands and replies as `keylineHost`.
 */

const legCount = numberArg('--legs', 1);
const windowTicks = numberArg('--window-ticks', 1000);

const clock = new MediaClock({ timer: systemMediaTimer(), statsWindow: windowTicks });
const sockets: Socket[] = [];
const packet = Buffer.alloc(172);
packet[0] = 0x80;
let packetsIn = 0;
let packetsOut = 0;
let remotes: number[] = [];
let stopClock: (() => void) | null = null;

/** On a port the kernel picks: the floor needs no port range. */
function bind(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: 'udp4', lookup: literalFirstLookup });
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      s.off('error', reject);
      s.on('message', () => { packetsIn += 1; });
      resolve(s);
    });
  });
}

function tick(): void {
  for (let i = 0; i < sockets.length; i += 1) {
    const port = remotes[i];
    if (port === undefined) continue;
    sockets[i]?.send(packet, port, '127.0.0.1');
    packetsOut += 1;
  }
}

async function main(): Promise<void> {
  for (let i = 0; i < legCount; i += 1) sockets.push(await bind());
  reply({ type: 'ready', ports: sockets.map((s) => s.address().port), lines: 0, withPort: false });
  commandLines((command) => {
    if (command.cmd === 'remotes') {
      remotes = command.ports as number[];
      stopClock = clock.subscribe(tick);
      reply({ type: 'running' });
    } else if (command.cmd === 'mark') {
      const cpu = process.cpuUsage();
      reply({
        type: 'mark', wallMs: performance.now(), cpuUs: cpu.user + cpu.system, sysUs: cpu.system,
        packetsIn, packetsOut, concealed: 0, late: 0, lost: 0, clock: clock.stats(), rss: process.memoryUsage().rss, warnings: 0,
      });
    }
  }, () => {
    stopClock?.();
    for (const s of sockets) s.close();
    process.exit(0);
  });
}

void main();
