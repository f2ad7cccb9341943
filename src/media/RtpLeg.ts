import type { RemoteInfo, Socket } from 'node:dgram';
import type { AudioLeg } from './AudioLeg.js';
import { FRAME_SAMPLES } from './Frame.js';
import type { Frame } from './Frame.js';
import { decodeFrame } from './g711/decodeFrame.js';
import { encodeFrame } from './g711/encodeFrame.js';
import { JitterBuffer } from './jitter/JitterBuffer.js';
import { MediaError } from './MediaEndpoint.js';
import type { MediaAddress, MediaEndpoint } from './MediaEndpoint.js';
import { SymmetricLatch } from './RtpLegLatch.js';
import type { UdpSource } from './RtpLegLatch.js';
import type { RtpLegOptions, RtpLegRemote, RtpLegStats } from './RtpLegOptions.js';
import { RtpLegRtcp } from './RtpLegRtcp.js';
import { RtpPeerSocket } from './RtpPeerSocket.js';
import { checkRemote, lawOf, receivesFrom, sendsTo } from './RtpLegRemote.js';
import { bindRtpPair, closeUdp, errorCode, IPV4, PORT_TAKEN } from './RtpLegSockets.js';
import { parseRtpPacket } from './rtp/parseRtpPacket.js';
import { readRtpHeader, rtpHeaderView } from './rtp/readRtpHeader.js';
import { RTP_HEADER_OCTETS } from './rtp/RtpPacket.js';
import { RtcpSession } from './rtp/RtcpSession.js';
import { Rfc4733Receiver } from './rtp/Rfc4733Receiver.js';
import { Rfc4733Sender } from './rtp/Rfc4733Sender.js';
import { RtpError } from './rtp/RtpError.js';
import type { RtpPacket } from './rtp/RtpPacket.js';
import { RtpReceptionStats } from './rtp/RtpReceptionStats.js';
import { RtpSender } from './rtp/RtpSender.js';
import { serializeRtpPacket } from './rtp/serializeRtpPacket.js';

/** RFC 3389 comfort noise: valid RTP from the peer (it may latch), never played. */
const COMFORT_NOISE = 13;

type State = RtpLegStats['state'];

/**
 * One call leg's RTP over UDP/IPv4 (DESIGN.md: media is keyline's own RTP): the `MediaEndpoint`
 * the SIP layer drives, and the `FrameSource`/`FrameSink` the line conference drives once per
 * 20 ms media-clock tick.
 *
 * - `allocate()` binds an even RTP port from the pool and RTCP on the port above; `setRemote()`
 *   and `close()` as the MediaEndpoint contract says (see there). Received datagrams are always
 *   read; RTP before the first `setRemote()` is dropped.
 * - `read()` pops the jitter buffer: the peer's G.711 (payload type 0, 8, or the negotiated one)
 *   decoded, or null (silence). Nothing is played while keyline's direction does not receive.
 * - `write(frame)` is one tick: it encodes the frame with the negotiated law and sends one packet,
 *   or — while a digit plays — that tick's RFC 4733 packet instead. It sends nothing before
 *   `setRemote()`, for `recvonly`/`inactive`, or to port 0 / 0.0.0.0; the RTP timestamp advances
 *   on every tick all the same, so the peer sees the time that passed.
 * - Symmetric RTP (`SymmetricLatch`): RTP goes where the peer's RTP comes from once a packet came.
 *   Strict RTP (`RtpPeerSocket`): the socket is then connected to that source, so nothing else gets
 *   in until it has been quiet for `relatchQuietMs` or `setRemote()` names another address.
 * - RTCP: SR while sending, else RR, at least every 5 s (RFC 3550 §6.2, randomised); BYE on
 *   close; the peer's reports are kept for `stats()`.
 * - `sendDigit()` and `on('digit')`: RFC 4733, one digit per press, when events were negotiated.
 *
 * Its only timer is the RTCP report, on the injected `timer`. It never throws asynchronously.
 */
export class RtpLeg implements MediaEndpoint, AudioLeg {
  /** An RTP leg is its own audio (`MediaEndpoint.audio`). */
  get audio(): AudioLeg {
    return this;
  }

  private state: State = 'new';
  private sockets: { rtp: Socket; rtcp: Socket } | undefined;
  /** The RTP socket, connected to the latched source while it talks (strict RTP). */
  private rtpPeer: RtpPeerSocket | undefined;
  private port: number | undefined;
  private allocation: Promise<MediaAddress> | undefined;
  private closing: Promise<void> | undefined;
  private remoteMedia: RtpLegRemote | undefined;
  private readonly sender: RtpSender;
  private readonly reception = new RtpReceptionStats();
  private readonly rtcp: RtpLegRtcp;
  private readonly jitter: JitterBuffer;
  private readonly latch: SymmetricLatch;
  private readonly dtmfOut: Rfc4733Sender;
  private readonly dtmfIn = new Rfc4733Receiver();
  /** The RTP header of the datagram being handled, read in place. */
  private readonly header = rtpHeaderView();
  private readonly digitListeners = new Set<(digit: string) => void>();
  private readonly closedListeners = new Set<() => void>();
  private sendErrors = 0;
  /** The last tick's time and RTP timestamp, to stamp an SR at its own instant (NaN before the first tick). */
  private lastTickMs = Number.NaN;
  private lastTickTimestamp = 0;
  private unknownCodecLogged = false;
  /** Read per packet, so kept here: a load through `options` (an object of whatever shape the caller built) is megamorphic in V8. */
  private readonly timer: RtpLegOptions['timer'];
  private readonly localTelephoneEvent: number;
  private readonly counts = {
    packetsIn: 0, bytesIn: 0, packetsOut: 0, bytesOut: 0,
    relatches: 0, foreign: 0, malformed: 0, unexpected: 0, absorbed: 0, digitsIn: 0, digitsOut: 0,
  };

  constructor(private readonly options: RtpLegOptions, readonly leg = 'leg') {
    const { bindAddress, advertisedAddress, timer } = options;
    if (!IPV4.test(bindAddress)) throw new TypeError(`bindAddress must be an IPv4 address, got "${bindAddress}"`);
    const advertised = advertisedAddress ?? bindAddress;
    this.timer = timer;
    this.localTelephoneEvent = options.localTelephoneEvent ?? 101;
    if (!IPV4.test(advertised) || advertised === '0.0.0.0') {
      throw new TypeError(`advertisedAddress must be a unicast IPv4 address, got "${advertisedAddress ?? ''}"`);
    }
    this.sender = new RtpSender({ payloadType: 0, ...(options.random === undefined ? {} : { random: options.random }) });
    this.jitter = new JitterBuffer(options.jitter);
    this.latch = new SymmetricLatch(options.relatchQuietMs ?? 500);
    const session = new RtcpSession({
      cname: options.cname ?? `keyline@${advertised}`, sender: this.sender, reception: this.reception,
      wallClock: options.wallClock ?? Date.now, now: () => timer.now(),
      rtpTimestampNow: () => (Number.isNaN(this.lastTickMs) ? this.sender.timestamp : this.lastTickTimestamp + Math.round((timer.now() - this.lastTickMs) * 8)),
      ...(options.rtcpIntervalMs === undefined ? {} : { intervalMs: options.rtcpIntervalMs }),
    });
    this.rtcp = new RtpLegRtcp({
      timer, session, ssrc: () => this.sender.ssrc, peerSsrc: () => this.reception.ssrc, rtpTarget: () => this.latch.target,
      remote: () => this.remoteMedia, log: (level, event, fields) => this.logEvent(level, event, fields), sendFailed: (err) => this.sendFailed(err),
    });
    this.dtmfOut = new Rfc4733Sender(options.dtmf);
  }

  /** The last remote given to `setRemote()`. */
  get remote(): RtpLegRemote | undefined {
    return this.remoteMedia;
  }

  allocate(): Promise<MediaAddress> {
    if (this.state !== 'new') throw new Error(`allocate: endpoint ${this.leg} is already ${this.state}`);
    this.state = 'allocating';
    this.allocation = this.bindFromPool().then(
      (address) => {
        if (this.state === 'allocating') this.state = 'open';
        return address;
      },
      (err: unknown) => {
        if (this.state === 'allocating') this.state = 'failed';
        throw err;
      },
    );
    return this.allocation;
  }

  private async bindFromPool(): Promise<MediaAddress> {
    const { pool, bindAddress, advertisedAddress, log } = this.options;
    for (let attempts = Math.max(pool.available, 1); attempts > 0; attempts -= 1) {
      const port = pool.acquire();
      let sockets: { rtp: Socket; rtcp: Socket };
      try {
        sockets = await bindRtpPair(port, bindAddress);
      } catch (err) {
        pool.release(port);
        if (this.state === 'closed') throw new MediaError('closed', `endpoint ${this.leg} closed while allocating`);
        if (!PORT_TAKEN.has(errorCode(err))) throw new MediaError('bind-failed', `cannot bind ${bindAddress}:${port}: ${String(err)}`);
        log?.log('notice', 'media', { event: 'port-taken', leg: this.leg, port });
        continue;
      }
      if (this.state === 'closed') {
        await Promise.all([closeUdp(sockets.rtp), closeUdp(sockets.rtcp)]);
        pool.release(port);
        throw new MediaError('closed', `endpoint ${this.leg} closed while allocating`);
      }
      this.port = port;
      this.listen(sockets);
      return { address: advertisedAddress ?? bindAddress, port };
    }
    throw new MediaError('bind-failed', `no RTP port of ${pool.range.min}-${pool.range.max} could be bound on ${bindAddress}`);
  }

  private listen(sockets: { rtp: Socket; rtcp: Socket }): void {
    this.sockets = sockets;
    this.rtpPeer = new RtpPeerSocket(sockets.rtp, (err) => this.logEvent('warning', 'connect-failed', { error: err.message }));
    // A connected socket also reports the peer's ICMP port-unreachable as an error: counted, logged sparingly.
    for (const s of [sockets.rtp, sockets.rtcp]) s.on('error', (err) => this.sendFailed(err));
    sockets.rtp.on('message', this.onMessage);
    this.rtcp.start(sockets.rtcp);
  }

  setRemote(remote: RtpLegRemote): void {
    if (this.state === 'closed') return;
    if (this.state !== 'open') throw new Error(`setRemote: endpoint ${this.leg} is ${this.state}, allocate() first`);
    checkRemote(remote);
    const before = this.remoteMedia;
    const changed = before === undefined || before.address !== remote.address || before.port !== remote.port;
    this.remoteMedia = { ...remote };
    this.latch.remote({ address: remote.address, port: remote.port }, changed);
    if (changed) this.rtpPeer?.release();
    if (changed) this.rtcp.remoteChanged();
    this.sender.setPayloadType(remote.payloadType);
    if (!sendsTo(remote) || remote.telephoneEvent === undefined) this.dtmfOut.clear();
    if (!receivesFrom(remote)) this.jitter.reset();
    this.logEvent('debug', 'remote', { to: `${remote.address}:${remote.port}`, pt: remote.payloadType, direction: remote.direction });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const pending = this.allocation;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    this.dtmfOut.clear();
    if (pending !== undefined) await pending.then(() => undefined, () => undefined);
    const sockets = this.sockets;
    this.sockets = undefined;
    this.rtpPeer = undefined;
    await this.rtcp.stop(wasOpen && sockets !== undefined);
    if (sockets !== undefined) {
      await Promise.all([closeUdp(sockets.rtp), closeUdp(sockets.rtcp)]);
    }
    if (this.port !== undefined) this.options.pool.release(this.port);
    this.port = undefined;
    for (const listener of this.closedListeners) this.guard('closed', listener);
  }

  // ---- media side: one read() and one write() per media-clock tick ----

  /** This tick's received audio, or null for silence. */
  read(): Frame | null {
    if (this.state !== 'open') return null;
    return this.jitter.pop();
  }

  /** This tick's audio to the peer: one packet when the leg may send, none otherwise; time moves on either way. */
  write(frame: Frame): void {
    if (frame.length !== FRAME_SAMPLES) throw new RangeError(`frame must hold ${FRAME_SAMPLES} samples, got ${frame.length}`);
    this.lastTickMs = this.timer.now();
    this.rtcp.tick(this.lastTickMs);
    if (this.rtpPeer?.connectedTo && this.latch.quiet(this.lastTickMs)) this.rtpPeer.release(); // let a moved peer in
    this.lastTickTimestamp = this.sender.timestamp;
    const remote = this.remoteMedia;
    const to = remote !== undefined && this.state === 'open' && sendsTo(remote) ? this.destination(remote) : undefined;
    if (remote === undefined || to === undefined) {
      this.sender.silence();
      return;
    }
    const step = remote.telephoneEvent === undefined ? null : this.dtmfOut.tick(this.sender.timestamp);
    if (step !== null && remote.telephoneEvent !== undefined) {
      this.sendRtp(this.sender.event(remote.telephoneEvent, step.payload, step.timestamp, step.marker), to);
      this.sender.silence();
      return;
    }
    const law = lawOf(remote.payloadType, remote);
    if (law === undefined) {
      if (!this.unknownCodecLogged) this.logEvent('warning', 'unknown-codec', { pt: remote.payloadType });
      this.unknownCodecLogged = true;
      this.sender.silence();
      return;
    }
    // Header and payload straight into one pooled Buffer: no packet object, no array per step.
    const packet = Buffer.allocUnsafe(RTP_HEADER_OCTETS + FRAME_SAMPLES);
    encodeFrame(frame, law, packet, RTP_HEADER_OCTETS);
    this.sender.audioInto(packet);
    this.sendBytes(packet, to);
  }

  /**
   * Plays a digit to the peer as RFC 4733 events over the next ticks (queued behind one playing).
   * False — and nothing queued — when events were not negotiated or the leg does not send now.
   * A character other than `0-9 * # A-D` is misuse and throws.
   */
  sendDigit(digit: string): boolean {
    const remote = this.remoteMedia;
    if (this.state !== 'open' || remote?.telephoneEvent === undefined || !sendsTo(remote)) {
      this.dtmfOut.send(digit); // validates the digit
      this.dtmfOut.clear();
      return false;
    }
    this.dtmfOut.send(digit);
    this.counts.digitsOut += 1;
    return true;
  }

  /**
   * `digit`: a digit the peer sent as RFC 4733 events, one call per key press. `closed`: the leg
   * closed and released its ports. Returns the unsubscribe.
   */
  on(event: 'digit', listener: (digit: string) => void): () => void;
  on(event: 'closed', listener: () => void): () => void;
  on(event: 'digit' | 'closed', listener: ((digit: string) => void) | (() => void)): () => void {
    const set = event === 'digit' ? this.digitListeners : event === 'closed' ? this.closedListeners : undefined;
    if (set === undefined) throw new TypeError(`on: unknown event "${String(event)}"`);
    set.add(listener);
    return () => { set.delete(listener); };
  }

  stats(): RtpLegStats {
    const j = this.jitter.stats();
    const latched = this.latch.target;
    return {
      leg: this.leg, state: this.state, localPort: this.port ?? null, ssrc: this.sender.ssrc, remoteSsrc: this.reception.ssrc ?? null,
      ...this.counts, rtcpIn: this.rtcp.counts.rtcpIn, rtcpOut: this.rtcp.counts.rtcpOut,
      foreign: this.counts.foreign + this.rtcp.counts.foreign, malformed: this.counts.malformed + this.rtcp.counts.malformed,
      lost: this.reception.cumulativeLost,
      jitterMs: this.reception.jitterUnits / 8,
      late: j.late, concealed: j.concealed, depthMs: j.depthMs, targetMs: j.targetMs,
      latched: latched === null ? null : `${latched.address}:${latched.port}`,
      peerReport: this.rtcp.peerReport, byeReceived: this.rtcp.byeReceived,
    };
  }

  // ---- network side ----

  private destination(remote: RtpLegRemote): Readonly<UdpSource> {
    return this.latch.current ?? remote;
  }

  private sendRtp(packet: RtpPacket, to: Readonly<UdpSource>): void {
    this.sendBytes(serializeRtpPacket(packet), to);
  }

  private sendBytes(bytes: Uint8Array, to: Readonly<UdpSource>): void {
    this.counts.packetsOut += 1;
    this.counts.bytesOut += bytes.length;
    this.rtpPeer?.send(bytes, to, this.sendDone);
  }

  private onRtp(msg: Buffer, from: RemoteInfo): void {
    this.counts.packetsIn += 1;
    this.counts.bytesIn += msg.length;
    const remote = this.remoteMedia;
    if (this.state !== 'open') return;
    if (remote === undefined) {
      this.counts.absorbed += 1;
      return;
    }
    const packet = this.header; // read in place: no packet object, no payload view per datagram
    try {
      readRtpHeader(msg, packet);
    } catch (err) {
      if (!(err instanceof RtpError)) throw err;
      this.counts.malformed += 1;
      return;
    }
    const pt = packet.payloadType;
    const isEvent = remote.telephoneEvent !== undefined && (pt === remote.telephoneEvent || pt === this.localTelephoneEvent);
    const law = isEvent ? undefined : lawOf(pt, remote);
    if (!isEvent && law === undefined && pt !== COMFORT_NOISE) {
      this.counts.unexpected += 1;
      return;
    }
    const now = this.timer.now();
    const decision = this.latch.offer(from.address, from.port, packet.ssrc, now);
    if (decision === 'foreign') {
      this.counts.foreign += 1;
      return;
    }
    this.rtpPeer?.follow(from.address, from.port);
    if (decision !== 'accepted') {
      if (decision === 'relatched') this.counts.relatches += 1;
      this.logEvent('info', decision, { from: `${from.address}:${from.port}`, ssrc: packet.ssrc });
    }
    if (isEvent) {
      this.reception.receiveEvent(packet);
      const got = receivesFrom(remote) ? this.dtmfIn.receive(parseRtpPacket(msg)) : null;
      if (got !== null) this.emitDigit(got.digit);
      return;
    }
    if (law === undefined) return; // comfort noise
    this.reception.receive(packet, now);
    if (!receivesFrom(remote)) return;
    if (packet.payloadEnd - packet.payloadStart !== FRAME_SAMPLES) {
      this.counts.unexpected += 1;
      return;
    }
    this.jitter.push({ ssrc: packet.ssrc, sequence: packet.sequence, timestamp: packet.timestamp, payload: decodeFrame(msg, law, this.jitter.frame(), packet.payloadStart) }, now);
  }

  /** The RTP socket's listener: one bound function, no closure per datagram; a bug is logged (see `guard`). */
  private readonly onMessage = (msg: Buffer, from: RemoteInfo): void => {
    try {
      this.onRtp(msg, from);
    } catch (err) {
      this.logEvent('error', 'rtp-handler-failed', { error: err instanceof Error ? err.message : String(err) });
    }
  };

  /** One callback for every send, not a closure per packet. */
  private readonly sendDone = (err: Error | null): void => {
    if (err) this.sendFailed(err);
  };

  /** A failed send or socket error (a peer's port unreachable comes 50 times a second): counted, logged the first time and every 500th. */
  private sendFailed(err: Error): void {
    this.sendErrors += 1;
    if (this.sendErrors === 1 || this.sendErrors % 500 === 0) this.logEvent('warning', 'socket-error', { error: err.message, count: this.sendErrors });
  }

  /** A bug in a handler is logged, never thrown out of a socket event (the contract: no asynchronous throws). */
  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.logEvent('error', `${what}-handler-failed`, { error: err instanceof Error ? err.message : String(err) });
    }
  }

  private emitDigit(digit: string): void {
    this.counts.digitsIn += 1;
    this.logEvent('debug', 'digit', { digit });
    for (const listener of this.digitListeners) {
      try {
        listener(digit);
      } catch (err) {
        this.logEvent('error', 'digit-listener-failed', { error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  private logEvent(level: 'error' | 'warning' | 'notice' | 'info' | 'debug', event: string, fields: Record<string, string | number | boolean>): void {
    this.options.log?.log(level, 'media', { event, leg: this.leg, ...fields });
  }
}
