import { join } from 'node:path';
import { Child } from '../blf/Child.js';
import { freeUdpPort } from '../blf/freeUdpPort.js';
import { sleep } from '../blf/wallNow.js';
import { audioSdp, sdpAudioPort } from './audioSdp.js';
import { NgClient } from './NgClient.js';

/**
 * The anchor: Debian's rtpengine in userspace only (`--table=-1`: no kernel forwarding, every
 * packet goes through the daemon), media and its ng control port on 127.0.0.1, no config file,
 * started in the foreground so its PID is the daemon's, stopped by that PID. `call()` sets up one
 * call of two legs by ng `offer` and `answer` with plain PCMU SDP; rtpengine then forwards each
 * leg's RTP to the other as it is (no transcoding).
 */
export class RtpengineSide {
  private calls = 0;

  private constructor(private readonly child: Child, private readonly ng: NgClient) {}

  get pid(): number {
    return this.child.pid;
  }

  static async start(o: { dir: string; portMin: number; portMax: number; maxMs: number }): Promise<RtpengineSide> {
    const ngPort = await freeUdpPort();
    const child = new Child('rtpengine', 'rtpengine', [
      '--config-file=none', '--foreground', '--log-stderr', '--log-level=5', '--table=-1',
      '--interface=127.0.0.1', `--listen-ng=127.0.0.1:${ngPort}`,
      `--port-min=${o.portMin}`, `--port-max=${o.portMax}`, `--pidfile=${join(o.dir, 'rtpengine.pid')}`,
    ], { logFile: join(o.dir, 'rtpengine.log'), maxMs: o.maxMs });
    const ng = await NgClient.open(ngPort);
    const side = new RtpengineSide(child, ng);
    for (let i = 0; i < 50 && child.running; i += 1) {
      const pong = await ng.command({ command: 'ping' }, 200).then((r) => r.result === 'pong', () => false);
      if (pong) return side;
      await sleep(100);
    }
    await side.stop();
    throw new Error(`rtpengine did not answer ping (see ${join(o.dir, 'rtpengine.log')})`);
  }

  /**
   * One call between the phones at `a` and `b` (their RTP ports on 127.0.0.1). Returns where
   * each must send: `toA` is the port a sends to (rtpengine's port in the answer it gives a),
   * `toB` the port b sends to.
   */
  async call(a: number, b: number): Promise<{ toA: number; toB: number }> {
    this.calls += 1;
    const id = { 'call-id': `bench-${this.calls}@keyline`, 'from-tag': `a${this.calls}` };
    const offer = await this.ng.command({ command: 'offer', ...id, sdp: audioSdp(a, this.calls) });
    const answer = await this.ng.command({ command: 'answer', ...id, 'to-tag': `b${this.calls}`, sdp: audioSdp(b, this.calls) });
    return { toB: sdpAudioPort(String(offer.sdp)), toA: sdpAudioPort(String(answer.sdp)) };
  }

  async stop(): Promise<void> {
    this.ng.close();
    await this.child.stop();
  }
}
