import type { KeyPanel, Led, LedPattern } from '../../hal/contracts/index.js';
import type { CoreNote } from '../core/effects.js';
import type { StationInput } from '../core/events.js';
import type { Lamp } from '../core/lamp.js';
import type { Instant } from '../core/time.js';
import { lampPattern } from './lampPattern.js';
import type { LampStyle } from './lampPattern.js';

/** A board file's key entry: `{ line }` is short for role `line`. */
export type PanelKeyRole = { line: string } | { role: 'hold' | 'release' | 'line'; line?: string };

/** What a binding needs of the blink engine (`hal/blink/BlinkEngine` fits; src/panel imports hal contracts only). */
export interface LedEngine {
  led(panel: KeyPanel, key: number): Led;
  batch<T>(fn: () => T): T;
  writeAll(panel: KeyPanel): void;
}

export interface PanelBindingOptions {
  panelId: string;
  panel: KeyPanel;
  /** The board's key map: key number (as a string) → role. */
  keys: Readonly<Record<string, PanelKeyRole>>;
  /** The station this panel belongs to; `null`: a lamp field (outsider view, presses do nothing). */
  station: string | null;
  engine: LedEngine;
  style: LampStyle;
}

export type PanelInput = { t: Instant } & StationInput;
type Role = { kind: 'line'; line: string } | { kind: 'hold' } | { kind: 'release' };

/**
 * Binds one key panel to a station, or shows it as a lamp field (`lamps.md` §2, §3).
 *
 * - `showLamp(line, lamp)` sets the LED of every key of that line (`null` = dark); lines without a
 *   key on this panel are ignored.
 * - A key going down emits, for a station: line key → `station.lineKey`, hold → `station.hold`,
 *   release → `station.onHook`. A lamp field emits no input, only a note.
 * - `attach()` (start) and `attached()` (replugged) write every LED in full; `lost()` just marks
 *   the panel detached (the engine keeps the LED state; presses cannot arrive).
 */
export class PanelBinding {
  readonly panelId: string;
  readonly station: string | null;
  private readonly panel: KeyPanel;
  private readonly engine: LedEngine;
  private readonly style: LampStyle;
  private readonly roles = new Map<number, Role>();
  private readonly inputListeners = new Set<(ev: PanelInput) => void>();
  private readonly noteListeners = new Set<(note: CoreNote) => void>();
  private detached = true;

  constructor(o: PanelBindingOptions) {
    if (!o || typeof o.panelId !== 'string' || o.panelId === '') throw new TypeError('opts.panelId must be a non-empty string');
    if (!o.panel) throw new TypeError('opts.panel is required');
    if (!o.engine) throw new TypeError('opts.engine is required');
    if (!o.style) throw new TypeError('opts.style is required');
    if (o.station !== null && (typeof o.station !== 'string' || o.station === '')) throw new TypeError('opts.station must be a station id or null');
    this.panelId = o.panelId;
    this.station = o.station;
    this.panel = o.panel;
    this.engine = o.engine;
    this.style = o.style;
    for (const [name, entry] of Object.entries(o.keys ?? {})) {
      const key = Number(name);
      if (!(Number.isInteger(key) && key >= 1 && key <= o.panel.caps.keys)) {
        throw new RangeError(`keys["${name}"]: key must be in 1..${o.panel.caps.keys} of panel ${o.panelId}`);
      }
      const role = toRole(entry, name);
      if (!role) continue;
      this.roles.set(key, role);
      if (role.kind === 'line') this.engine.led(o.panel, key);
      o.panel.button(key).on('down', (t) => this.pressed(key, role, t));
    }
  }

  /** Listens to station inputs from key presses; returns the unsubscribe function. */
  onInput(cb: (ev: PanelInput) => void): () => void {
    this.inputListeners.add(cb);
    return () => this.inputListeners.delete(cb);
  }

  /** Listens to notes (presses on a lamp field); returns the unsubscribe function. */
  onNote(cb: (note: CoreNote) => void): () => void {
    this.noteListeners.add(cb);
    return () => this.noteListeners.delete(cb);
  }

  /** Lines that have a key on this panel. */
  get lines(): string[] {
    return [...new Set([...this.roles.values()].flatMap((r) => (r.kind === 'line' ? [r.line] : [])))];
  }

  showLamp(line: string, lamp: Lamp | null): void {
    if (typeof line !== 'string') throw new TypeError('showLamp: line must be a string');
    const pattern: LedPattern = lamp === null ? { kind: 'off' } : lampPattern(lamp, this.style);
    this.engine.batch(() => {
      for (const [key, role] of this.roles) {
        if (role.kind === 'line' && role.line === line) this.engine.led(this.panel, key).set(pattern);
      }
    });
  }

  /** Writes every LED of the panel in full (service start). */
  attach(): void {
    this.detached = false;
    this.engine.writeAll(this.panel);
  }

  /** The panel was lost: nothing to do but remember it. */
  lost(): void {
    this.detached = true;
  }

  /** The panel is back: every LED in full again. */
  attached(): void {
    this.attach();
  }

  get isAttached(): boolean {
    return !this.detached;
  }

  private pressed(key: number, role: Role, t: Instant): void {
    if (this.station === null) {
      const note: CoreNote = { event: 'panel.press', detail: `lamp field ${this.panelId} key ${key} pressed` };
      if (role.kind === 'line') note.line = role.line;
      for (const l of [...this.noteListeners]) l(note);
      return;
    }
    const station = this.station;
    const input: StationInput =
      role.kind === 'line' ? { type: 'station.lineKey', station, line: role.line }
        : role.kind === 'hold' ? { type: 'station.hold', station }
          : { type: 'station.onHook', station };
    for (const l of [...this.inputListeners]) l({ t, ...input });
  }
}

function toRole(entry: PanelKeyRole, name: string): Role | null {
  if (!entry || typeof entry !== 'object') throw new TypeError(`keys["${name}"] must be an object`);
  if ('role' in entry) {
    if (entry.role === 'hold' || entry.role === 'release') return { kind: entry.role };
    if (entry.role !== 'line') throw new RangeError(`keys["${name}"].role must be hold, release or line, got ${JSON.stringify(entry.role)}`);
    return typeof entry.line === 'string' ? { kind: 'line', line: entry.line } : null;
  }
  if (typeof entry.line !== 'string' || entry.line === '') throw new TypeError(`keys["${name}"].line must be a line id`);
  return { kind: 'line', line: entry.line };
}
