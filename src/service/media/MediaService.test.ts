import { describe, expect, it } from 'vitest';
import { ManualMediaTimer } from '../../../test/support/ManualMediaTimer.js';
import type { AudioLeg } from '../../media/AudioLeg.js';
import { MediaClock } from '../../media/clock/index.js';
import { FRAME_MS, FRAME_SAMPLES } from '../../media/Frame.js';
import type { Frame, FrameSource } from '../../media/Frame.js';
import type { MediaEndpoint } from '../../media/MediaEndpoint.js';
import type { LogFields, Logger } from '../Logger.js';
import { MediaService } from './MediaService.js';

/** An in-memory leg: says one constant frame every tick and keeps what it hears (not an RtpLeg). */
class MemoryLeg implements AudioLeg {
  readonly heard: number[] = [];
  readonly digitsSent: string[] = [];
  private readonly said: Frame;
  private readonly digitListeners = new Set<(digit: string) => void>();
  private readonly closedListeners = new Set<() => void>();

  constructor(level: number) {
    this.said = new Int16Array(FRAME_SAMPLES).fill(level);
  }

  read(): Frame | null {
    return this.said;
  }

  /** Keeps the first sample of each frame: every frame here is one level throughout. */
  write(frame: Frame): void {
    this.heard.push(frame[0] ?? Number.NaN);
  }

  on(event: 'digit', listener: (digit: string) => void): () => void;
  on(event: 'closed', listener: () => void): () => void;
  on(event: 'digit' | 'closed', listener: ((digit: string) => void) | (() => void)): () => void {
    const set: Set<(digit: string) => void> = event === 'digit' ? this.digitListeners : this.closedListeners;
    set.add(listener);
    return () => { set.delete(listener); };
  }

  sendDigit(digit: string): boolean {
    this.digitsSent.push(digit);
    return true;
  }

  stats(): object {
    return { heard: this.heard.length };
  }

  close(): void {
    for (const listener of this.closedListeners) listener();
  }
}

function endpoint(audio: AudioLeg | null): MediaEndpoint {
  return {
    audio,
    allocate: () => Promise.reject(new Error('not used here')),
    setRemote: () => undefined,
    close: () => Promise.resolve(),
  };
}

function constantSource(level: number): FrameSource {
  const frame = new Int16Array(FRAME_SAMPLES).fill(level);
  return { read: () => frame };
}

function rig(endpoints: Record<string, MediaEndpoint>) {
  const timer = new ManualMediaTimer();
  const clock = new MediaClock({ timer });
  const logged: LogFields[] = [];
  const log: Logger = { log: (_level, _component, fields) => { logged.push(fields); } };
  const service = new MediaService({
    clock, log, ports: new Map(),
    endpointOf: (station, line) => endpoints[`${station}@${line}`],
    joinTone: () => constantSource(7),
    music: () => null,
    dtmfTone: () => constantSource(9),
    progressTone: () => constantSource(500),
  });
  const ticks = (n: number): void => timer.advance(n * FRAME_MS);
  return { service, clock, ticks, logged };
}

describe('MediaService', () => {
  it('connects any audio leg the endpoint gives, not only RTP: two stations on a line hear each other, never themselves', () => {
    const a = new MemoryLeg(100);
    const b = new MemoryLeg(-300);
    const { service, clock, ticks } = rig({ 'a@l1': endpoint(a), 'b@l1': endpoint(b) });
    service.audioConnect('a', 'l1');
    service.audioConnect('b', 'l1');
    expect(clock.isRunning).toBe(true);
    ticks(3);
    expect(a.heard).toEqual([-300, -300, -300]);
    expect(b.heard).toEqual([100, 100, 100]);
  });

  it('an endpoint without audio (a signalling-only leg) is connected to nothing and starts no clock', () => {
    const { service, clock, logged } = rig({ 'a@l1': endpoint(null) });
    service.audioConnect('a', 'l1');
    service.audioConnect('nobody', 'l1');
    expect(clock.isRunning).toBe(false);
    expect(service.status().lines).toEqual([]);
    expect(logged.filter((f) => f.event === 'audio-connected')).toEqual([]);
  });

  it('the last station leaving drops the line and stops the clock; a leg that closes leaves by itself', () => {
    const a = new MemoryLeg(100);
    const b = new MemoryLeg(200);
    const { service, clock, ticks } = rig({ 'a@l1': endpoint(a), 'b@l1': endpoint(b) });
    service.audioConnect('a', 'l1');
    service.audioConnect('b', 'l1');
    ticks(1);
    b.close();
    ticks(1);
    expect(a.heard).toEqual([200, 0]); // alone on the line: silence
    expect(b.heard).toEqual([100]);
    service.audioDisconnect('a', 'l1');
    expect(clock.isRunning).toBe(false);
    expect(service.status().lines).toEqual([]);
  });

  it("a refused phone's tone plays to its leg one frame a tick and ends when the leg closes", async () => {
    const leg = new MemoryLeg(0);
    const { service, clock, ticks } = rig({});
    let done = false;
    const playing = service.refusalTone(endpoint(leg), 'reorder').then(() => { done = true; });
    ticks(3);
    expect(leg.heard).toEqual([500, 500, 500]);
    expect(done).toBe(false);
    leg.close();
    await playing;
    expect(clock.isRunning).toBe(false);
    ticks(2);
    expect(leg.heard).toHaveLength(3);
  });

  it('a tone for an endpoint without audio resolves at once', async () => {
    const { service, clock } = rig({});
    await service.refusalTone(endpoint(null), 'busy');
    expect(clock.isRunning).toBe(false);
  });

  it("a digit the line's far end sends reaches every connected station", () => {
    const a = new MemoryLeg(1);
    const b = new MemoryLeg(2);
    const { service } = rig({ 'a@l1': endpoint(a), 'b@l1': endpoint(b) });
    service.audioConnect('a', 'l1');
    service.audioConnect('b', 'l1');
    service.lineDigit('l1', '5');
    expect(a.digitsSent).toEqual(['5']);
    expect(b.digitsSent).toEqual(['5']);
  });
});
