import type { Clock, Millis } from '../contracts/clock.js';
import type { KeyPanel, Led, LedChange, LedPattern } from '../contracts/panel.js';
import { colorAt, colorKey, compilePattern, msToNextEdge } from './compilePattern.js';
import type { CompiledPattern } from './compilePattern.js';

interface Slot {
  led: Led;
  pattern: CompiledPattern;
  /** `colorKey` of what the panel was last told; `undefined`: never written. */
  shown: string | undefined;
}

const OFF: CompiledPattern = compilePattern({ kind: 'off' });

/**
 * The one phase-locked software blink engine of the process (`lamps.md` §3.1, `hardware.md` §4).
 *
 * - The epoch E is `clock.now()` at construction. A key with a pattern of period T shows the
 *   pattern's colour at offset (t − E) mod T, so a pattern set mid-cycle joins in step with every
 *   other key of the same pattern and never restarts.
 * - Exactly one clock timer, armed for the next edge of any blinking LED; none when nothing blinks.
 *   At an edge every LED is computed and each panel gets one `render()` with only the keys whose
 *   colour changed.
 * - `Led.set()` renders synchronously: the key's current colour reaches its panel before `set`
 *   returns (well within the 100 ms of `lamps.md`). Wrap several sets in `batch()` to send each
 *   panel one `render()` for all of them. (A microtask flush was rejected: it would make every
 *   caller await before the panel shows anything, and mixes poorly with a simulated clock.)
 * - Patterns are validated in `set()`: edges MUST fall on the 50 ms grid; misuse throws naming
 *   the field. After `dispose()`, `set()` is ignored and no timer is left.
 * - Hardware flash is never used here: boards of this build have `blink.hardwareFlash: null`.
 */
export class BlinkEngine {
  readonly epoch: Millis;
  private readonly panels = new Map<KeyPanel, Map<number, Slot>>();
  private readonly dirty = new Map<KeyPanel, Set<number>>();
  private batchDepth = 0;
  private timer: unknown = null;
  private timerAt: Millis | null = null;
  private disposed = false;

  constructor(private readonly clock: Clock) {
    if (!clock || typeof clock.now !== 'function') throw new TypeError('clock must be a Clock');
    this.epoch = clock.now();
  }

  /** The LED of `key` on `panel`: one `Led` per key; its last `set` wins. */
  led(panel: KeyPanel, key: number): Led {
    if (!panel || typeof panel.render !== 'function') throw new TypeError('panel must be a KeyPanel');
    if (!(Number.isInteger(key) && key >= 1 && key <= panel.caps.keys)) {
      throw new RangeError(`key must be an integer in 1..${panel.caps.keys} of panel ${panel.id}, got ${String(key)}`);
    }
    const slots = this.slotsOf(panel);
    const existing = slots.get(key);
    if (existing) return existing.led;
    const led: Led = { id: `${panel.id}:${key}`, set: (p) => this.set(panel, key, p) };
    slots.set(key, { led, pattern: OFF, shown: undefined });
    return led;
  }

  /** Runs `fn`, holding back renders until it returns: one `render()` per panel for all its sets. */
  batch<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      return fn();
    } finally {
      if (--this.batchDepth === 0) this.flush();
    }
  }

  /** Renders every key of `panel` in full (start, reattach); keys without an LED are dark. */
  writeAll(panel: KeyPanel): void {
    if (this.disposed) return;
    const slots = this.slotsOf(panel);
    const offset = this.clock.now() - this.epoch;
    const changes: LedChange[] = [];
    for (let key = 1; key <= panel.caps.keys; key++) {
      const slot = slots.get(key);
      const color = slot ? colorAt(slot.pattern, offset) : null;
      if (slot) slot.shown = colorKey(color);
      changes.push({ key, color });
    }
    this.dirty.delete(panel);
    panel.render(changes);
  }

  /** Shutdown: every LED the engine knows goes dark (written in full); no timer is left. */
  allOff(): void {
    for (const [panel, slots] of this.panels) {
      const changes: LedChange[] = [];
      for (const [key, slot] of slots) {
        slot.pattern = OFF;
        slot.shown = colorKey(null);
        changes.push({ key, color: null });
      }
      if (changes.length) panel.render(changes);
    }
    this.dirty.clear();
    this.arm(null);
  }

  dispose(): void {
    this.disposed = true;
    this.dirty.clear();
    this.arm(null);
  }

  /** When the blink timer fires next (`null`: nothing blinks). */
  get nextEdgeAt(): Millis | null {
    return this.timerAt;
  }

  private set(panel: KeyPanel, key: number, p: LedPattern): void {
    const pattern = compilePattern(p);
    if (this.disposed) return;
    const slot = this.slotsOf(panel).get(key);
    if (!slot) return;
    slot.pattern = pattern;
    const keys = this.dirty.get(panel) ?? new Set<number>();
    keys.add(key);
    this.dirty.set(panel, keys);
    if (this.batchDepth === 0) this.flush();
  }

  private flush(): void {
    const offset = this.clock.now() - this.epoch;
    for (const [panel, keys] of this.dirty) {
      const slots = this.slotsOf(panel);
      this.renderChanged(panel, [...keys].map((k) => [k, slots.get(k)] as const), offset);
    }
    this.dirty.clear();
    this.reschedule();
  }

  private tick(): void {
    this.timer = this.timerAt = null;
    const offset = this.clock.now() - this.epoch;
    for (const [panel, slots] of this.panels) {
      this.renderChanged(panel, [...slots].filter(([, s]) => s.pattern.period > 0), offset);
    }
    this.reschedule();
  }

  private renderChanged(panel: KeyPanel, entries: ReadonlyArray<readonly [number, Slot | undefined]>, offset: Millis): void {
    const changes: LedChange[] = [];
    for (const [key, slot] of entries) {
      if (!slot) continue;
      const color = colorAt(slot.pattern, offset);
      const k = colorKey(color);
      if (k === slot.shown) continue;
      slot.shown = k;
      changes.push({ key, color });
    }
    if (changes.length) panel.render(changes);
  }

  private reschedule(): void {
    if (this.disposed) return;
    const now = this.clock.now();
    let next: Millis | null = null;
    for (const slots of this.panels.values()) {
      for (const slot of slots.values()) {
        const ms = msToNextEdge(slot.pattern, now - this.epoch);
        if (ms !== null && (next === null || now + ms < next)) next = now + ms;
      }
    }
    this.arm(next);
  }

  private arm(at: Millis | null): void {
    if (at === this.timerAt && (at === null || this.timer !== null)) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = at;
    if (at !== null && !this.disposed) this.timer = this.clock.setTimeout(() => this.tick(), at - this.clock.now());
  }

  private slotsOf(panel: KeyPanel): Map<number, Slot> {
    let slots = this.panels.get(panel);
    if (!slots) this.panels.set(panel, (slots = new Map()));
    return slots;
  }
}
