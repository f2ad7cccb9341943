import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { buildRtcpReport } from '../../src/media/rtp/buildRtcpReport.js';
import { commandLines, reply } from './commandLines.js';
import { GapHistogram } from './GapHistogram.js';
import { ulawTone } from './ulawTone.js';
import { numberArg } from './numberArg.js';

/**
 * A load generator (a program, run as its own process so its CPU is not the relay's): `--streams
 * K` phones, each one UDP socket on 127.0.0.1 sending PCMU RTP at 50 packets/s (20 ms, 160
 * samples) and receiving what the relay sends back.
 *
 * Commands (JSON lines on stdin): at start it binds and answers `ready` with its ports; `go`
 * {targets} connects stream i to targets[i] (its RTCP to the port after) and starts sending; `mark` answers the counts since
 * the previous mark (sent, received RTP audio, |inter-arrival gap − 20 ms| histogram) and starts
 * new ones. Closing stdin stops it.
 *
 * Pacing: streams are spread over four phases 5 ms apart (phones are not in step with each other
 * or with the relay); each phase is sent on an absolute 20 ms schedule, so the generator's timer
 * error does not accumulate. Only RTP with payload type 0 counts as received (not RTCP).
 *
 * RTCP, as a desk phone does it: each stream has its RTCP socket on the port after its RTP port
 * (RFC 3550 §11), where the relay's reports land and are dropped, and sends a receiver report
 * with its CNAME every 5 s (the streams' first ones spread over the first 5 s) to the port after
 * its target.
 */

const PERIOD_MS = 20;
const PHASES = 4;

interface Stream {
  socket: Socket;
  rtcp: Socket;
  port: number;
  packet: Buffer;
  sequence: number;
  timestamp: number;
  lastArrival: number;
}

const count = numberArg('--streams', 1, 'number');
const first = numberArg('--first', 0, 'number');
const streams: Stream[] = [];
const gaps = new GapHistogram();
let sent = 0;
let received = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let running = false;
let stopReports = (): void => undefined;

function makePacket(index: number): Buffer {
  const payload = ulawTone(300 + 50 * (index % 20));
  const p = Buffer.alloc(12 + payload.length);
  p[0] = 0x80; // V=2
  p[1] = 0; // PT 0 (PCMU)
  p.writeUInt32BE((0x5eed0000 + index) >>> 0, 8); // SSRC
  p.set(payload, 12);
  return p;
}

/** A UDP socket on 127.0.0.1:port (0: one the kernel picks), or null when that port is taken. */
function bindSocket(port: number): Promise<Socket | null> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.close();
      if (err.code === 'EADDRINUSE' && port !== 0) resolve(null);
      else reject(err);
    });
    socket.bind(port, '127.0.0.1', () => {
      socket.removeAllListeners('error');
      socket.on('error', () => undefined); // ICMP errors on a connected socket: the relay is not up yet or gone
      resolve(socket);
    });
  });
}

/** An RTP socket and its RTCP socket on the next port, as a phone has them. */
async function bindPair(): Promise<{ socket: Socket; rtcp: Socket }> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const socket = await bindSocket(0);
    if (socket === null) continue;
    const port = socket.address().port;
    const rtcp = port < 65535 ? await bindSocket(port + 1) : null;
    if (rtcp !== null) return { socket, rtcp };
    socket.close();
  }
  throw new Error('rtpGenerator: no free pair of ports for RTP and RTCP after 50 attempts');
}

async function bind(index: number): Promise<Stream> {
  const { socket, rtcp } = await bindPair();
  rtcp.on('message', () => undefined); // the relay's reports: taken and dropped
  const s: Stream = { socket, rtcp, port: socket.address().port, packet: makePacket(first + index), sequence: index * 1000, timestamp: index * 100_000, lastArrival: -1 };
  socket.on('message', (msg) => {
    if (msg.length < 12 || ((msg[1] ?? 0) & 0x7f) !== 0) return;
    const now = performance.now();
    received += 1;
    if (s.lastArrival >= 0) gaps.record(now - s.lastArrival - PERIOD_MS);
    s.lastArrival = now;
  });
  return s;
}

/** Each stream's receiver report every 5 s to the port after its target; returns the stop. */
function reportEvery5s(targets: readonly number[]): () => void {
  const timers = streams.map((s, i) => setTimeout(() => {
    const report = buildRtcpReport({ ssrc: (0x5eed0000 + first + i) >>> 0, cname: `phone${first + i}@127.0.0.1`, reports: [] });
    const send = (): void => { s.rtcp.send(report, (targets[i] ?? 8) + 1, '127.0.0.1'); };
    send();
    timers[i] = setInterval(send, 5000);
  }, (5000 * i) / Math.max(streams.length, 1)));
  return () => { for (const t of timers) clearTimeout(t); };
}

function sendPhase(phase: number): void {
  for (let i = phase; i < streams.length; i += PHASES) {
    const s = streams[i];
    if (s === undefined) continue;
    s.sequence = (s.sequence + 1) & 0xffff;
    s.timestamp = (s.timestamp + 160) >>> 0;
    s.packet.writeUInt16BE(s.sequence, 2);
    s.packet.writeUInt32BE(s.timestamp, 4);
    s.socket.send(s.packet);
    sent += 1;
  }
}

function run(origin: number): void {
  let slot = 0; // slot n is phase n % PHASES, due at origin + n * PERIOD_MS / PHASES
  const step = PERIOD_MS / PHASES;
  const fire = (): void => {
    if (!running) return;
    const now = performance.now();
    while (origin + slot * step <= now) {
      sendPhase(slot % PHASES);
      slot += 1;
    }
    timer = setTimeout(fire, Math.max(0, origin + slot * step - performance.now()));
  };
  fire();
}

async function main(): Promise<void> {
  for (let i = 0; i < count; i += 1) streams.push(await bind(i));
  reply({ type: 'ready', ports: streams.map((s) => s.port) });
  commandLines(async (command) => {
    if (command.cmd === 'go') {
      const targets = command.targets as number[];
      await Promise.all(streams.map((s, i) => new Promise<void>((resolve) => s.socket.connect(targets[i] ?? 9, '127.0.0.1', () => resolve()))));
      running = true;
      stopReports = reportEvery5s(targets);
      run(performance.now());
      reply({ type: 'going' });
    } else if (command.cmd === 'mark') {
      reply({ type: 'mark', sent, received, gaps: gaps.toSparse() });
      sent = 0;
      received = 0;
      gaps.clear();
    }
  }, () => {
    running = false;
    if (timer !== undefined) clearTimeout(timer);
    stopReports();
    for (const s of streams) {
      s.socket.close();
      s.rtcp.close();
    }
  });
}

void main();
