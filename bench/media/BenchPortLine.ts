import { Readable, Writable } from 'node:stream';
import type { FxoAudio } from '../../hal/contracts/index.js';
import { PortAudio } from '../../src/service/media/PortAudio.js';
import { ulawTone } from './ulawTone.js';

/**
 * The line side of a bench line conference: the service's own `PortAudio` on an FXO audio stream
 * like the drivers' (a Readable they push each frame into, as V253Audio and McuAudio do: PCMU,
 * one 160-byte chunk every 20 ms on the port's own timer; what keyline writes back is taken and
 * dropped). `BenchPortLine.feedAll()` is that timer for every port.
 */
export class BenchPortLine {
  readonly audio: PortAudio;
  private readonly rx = new Readable({ read: () => undefined });
  private readonly chunk: Buffer;

  constructor(hz: number) {
    this.chunk = Buffer.from(ulawTone(hz));
    const tx = new Writable({ write: (_chunk: Buffer, _encoding, done: () => void) => done() });
    const streams: FxoAudio = { rx: this.rx, tx };
    this.audio = new PortAudio(streams, 'ulaw');
  }

  /** One 20 ms chunk from the line. */
  feed(): void {
    this.rx.push(this.chunk);
  }

  /** Feeds every port every 20 ms until the returned function is called; no timer at all without ports (its wake-ups would be charged to the case). */
  static feedAll(ports: readonly BenchPortLine[]): () => void {
    if (ports.length === 0) return () => undefined;
    const interval = setInterval(() => { for (const p of ports) p.feed(); }, 20);
    return () => clearInterval(interval);
  }
}
