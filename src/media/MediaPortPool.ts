import { MediaError } from './MediaEndpoint.js';

/** The configured RTP range, inclusive; RTP uses its even ports, RTCP the odd one above each. */
export interface PortRange {
  min: number;
  max: number;
}

/**
 * The RTP ports of one range (RFC 3550 §11: RTP even, RTCP = RTP + 1). `acquire()` hands out the
 * port free longest — first the range in order, then released ports in the order they came back —
 * so a port just freed is reused last and a late packet of the old call rarely meets a new one.
 * The pool only books ports; the endpoint binds them (another process may hold one: the endpoint
 * then releases it and acquires the next).
 */
export class MediaPortPool {
  private readonly free: number[] = [];
  private readonly used = new Set<number>();

  constructor(readonly range: PortRange) {
    const { min, max } = range;
    if (!Number.isInteger(min) || min < 1024 || min > 65534) throw new RangeError(`range.min must be an integer 1024..65534, got ${min}`);
    if (!Number.isInteger(max) || max > 65535 || max < min) throw new RangeError(`range.max must be an integer ${min}..65535, got ${max}`);
    for (let p = min + (min % 2); p + 1 <= max; p += 2) this.free.push(p);
    if (this.free.length === 0) throw new RangeError(`range ${min}-${max} holds no even RTP port with its RTCP port`);
  }

  /** How many RTP ports the range holds. */
  get capacity(): number {
    return this.free.length + this.used.size;
  }

  get available(): number {
    return this.free.length;
  }

  get inUse(): number {
    return this.used.size;
  }

  /** Books an RTP port; throws `MediaError` `ports-exhausted` when every one is in use. */
  acquire(): number {
    const port = this.free.shift();
    if (port === undefined) {
      const { min, max } = this.range;
      throw new MediaError('ports-exhausted', `all ${this.used.size} RTP ports of ${min}-${max} are in use`);
    }
    this.used.add(port);
    return port;
  }

  /** Gives a port back. Releasing a port that is not booked is misuse and throws. */
  release(port: number): void {
    if (!this.used.delete(port)) throw new RangeError(`port ${port} is not in use in this pool`);
    this.free.push(port);
  }
}
