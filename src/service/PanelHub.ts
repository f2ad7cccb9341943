import type { Clock, KeyPanel } from '../../hal/contracts/index.js';
import type { BlinkEngine } from '../../hal/blink/BlinkEngine.js';
import { PanelSupervisor } from '../../hal/panel/PanelSupervisor.js';
import type { PanelDeviceEvent, PanelWatch } from '../../hal/panel/PanelSupervisor.js';
import type { BuiltBoard } from '../../boards/factory.js';
import type { BoardFile, PanelKeySpec, PanelSpec } from '../../boards/types.js';
import { LAMPS } from '../core/lamp.js';
import type { Lamp } from '../core/lamp.js';
import type { Instant } from '../core/time.js';
import type { LampStyle } from '../panel/lampPattern.js';
import type { LampChange } from '../core/effects.js';
import { PanelBinding } from '../panel/PanelBinding.js';
import type { PanelInput, PanelKeyRole } from '../panel/PanelBinding.js';
import type { Logger } from './Logger.js';

/** The board names ports on its keys; a binding wants the line that uses each port. */
function keysForLines(keys: Readonly<Record<string, PanelKeySpec>>, lineOfPort: ReadonlyMap<string, string>): Record<string, PanelKeyRole> {
  const out: Record<string, PanelKeyRole> = {};
  for (const [key, spec] of Object.entries(keys)) {
    const port = 'line' in spec ? spec.line : undefined;
    if (port === undefined) {
      out[key] = spec;
      continue;
    }
    const line = lineOfPort.get(port);
    if (line) out[key] = 'role' in spec ? { ...spec, line } : { line };
  }
  return out;
}

/** The board's per-lamp overrides, keyed by lamp name (the board validator checks the names). */
function lampLooks(patterns: PanelSpec['patterns']): LampStyle['patterns'] {
  if (!patterns) return undefined;
  const out: NonNullable<LampStyle['patterns']> = {};
  for (const [lamp, look] of Object.entries(patterns)) {
    if ((LAMPS as readonly string[]).includes(lamp)) out[lamp as Lamp] = look;
  }
  return out;
}

/** One panel as `keyline status --json` shows it: a lost panel's line keys are `out-of-service`. */
export interface PanelStatus {
  id: string;
  /** The station it is bound to; `null`: a lamp field. */
  station: string | null;
  state: 'ready' | 'out-of-service';
  keys: Array<{ key: number; line: string; lamp: Lamp | null }>;
}

export interface PanelHubOptions {
  built: BuiltBoard;
  board: BoardFile;
  /** Configuration `panel:` bindings, station → panel id. */
  stationPanels: Readonly<Record<string, string>>;
  lineOfPort: ReadonlyMap<string, string>;
  /** Keys the configuration gives to remote lines (`remoteLines[].keys`): lamps only, never over a key the board uses. */
  remoteKeys?: ReadonlyArray<{ panel: string; key: number; line: string }>;
  engine: BlinkEngine;
  clock: Clock;
  input: (ev: PanelInput) => void;
  /** A panel bound to `station` was lost (`attached: false`) or is back (sla.md §3.3 `reachable`). */
  attached: (station: string, attached: boolean, t: Instant) => void;
  log: Logger;
  /** The hot-plug hint for a board entry (a bus watch for HID panels), where the composition root has one. */
  watchOf?: (spec: PanelSpec) => PanelWatch | undefined;
}

interface HubPanel {
  binding: PanelBinding;
  supervisor: PanelSupervisor;
  /** Line keys, key → line id, for status. */
  lineKeys: Array<{ key: number; line: string }>;
}

/**
 * Every key panel of the board, bound to its station (configuration `panel:`) or shown as a lamp
 * field, on one blink engine. Lamp changes go to the panels that show them; presses come back as
 * station inputs.
 *
 * Hot plug (issue 6, hardware.md §5): each panel is kept open by a `PanelSupervisor`, which
 * reopens a lost or absent panel with backoff (2 s → 30 s, at once on a bus-watch hint). A lost
 * panel keeps its LED state in the engine; its keys show `out-of-service` in `status()` and its
 * station is reported unattached. Whenever a panel is ready (start or replug) every LED is
 * written in full from the current lamps (lamps.md §3.3), so nothing needs a restart.
 */
export class PanelHub {
  private readonly panels: HubPanel[] = [];
  private readonly lamps = new Map<string, Lamp | null>();
  private closed = false;

  constructor(private readonly o: PanelHubOptions) {
    const stationOf = new Map(Object.entries(o.stationPanels).map(([station, panel]) => [panel, station]));
    for (const [id, { panel, keys, spec }] of o.built.panels) {
      const palette = { attention: 'amber' as const, ...o.board.palette, ...spec.palette };
      const roles = keysForLines(keys, o.lineOfPort);
      for (const r of o.remoteKeys ?? []) {
        if (r.panel !== id) continue;
        const taken = keys[String(r.key)] !== undefined;
        if (taken || r.key > panel.caps.keys) {
          o.log.log('warning', 'panel', { panel: id, event: 'remote-key-skipped', key: r.key, line: r.line, reason: taken ? 'the board uses this key' : `the panel has ${panel.caps.keys} keys` });
        } else roles[String(r.key)] = { line: r.line };
      }
      const binding = new PanelBinding({
        panelId: id, panel, keys: roles, station: stationOf.get(id) ?? null, engine: o.engine,
        style: { palette, patterns: lampLooks(spec.patterns), color: panel.caps.color },
      });
      binding.onInput(o.input);
      binding.onNote((n) => o.log.log('info', 'panel', { panel: id, event: n.event, detail: n.detail }));
      const supervisor = new PanelSupervisor({ panel, clock: o.clock, watch: o.watchOf?.(spec) });
      const lineKeys = Object.entries(roles).flatMap(([key, r]) => {
        const line = 'role' in r && r.role !== 'line' ? undefined : r.line;
        return line === undefined ? [] : [{ key: Number(key), line }];
      });
      const entry: HubPanel = { binding, supervisor, lineKeys };
      supervisor.on('device', (ev) => this.device(entry, panel, ev));
      this.panels.push(entry);
    }
  }

  /**
   * Opens every panel; each one that opens has every LED written in full. One that fails is
   * reported down and retried in the background: the service starts without it.
   */
  async open(): Promise<void> {
    for (const { supervisor } of this.panels) await supervisor.start();
  }

  showLamp(change: LampChange): void {
    this.lamps.set(lampKey(change.station, change.line), change.lamp);
    for (const { binding } of this.panels) if (binding.station === change.station) binding.showLamp(change.line, change.lamp);
  }

  /**
   * A remote line's lamp (lamps.md §2 remote mapping, the same for every viewer): every panel key
   * the configuration gives it shows it, on station panels and lamp fields alike.
   */
  showRemoteLamp(line: string, lamp: Lamp): void {
    for (const { binding } of this.panels) {
      this.lamps.set(lampKey(binding.station, line), lamp);
      binding.showLamp(line, lamp);
    }
  }

  /** Whether `station` has a panel and it is not attached now (its alerts cannot be delivered). */
  detached(station: string): boolean {
    return this.panels.some(({ binding }) => binding.station === station && !binding.isAttached);
  }

  /** Every panel, its state and what each line key shows (`out-of-service` while the panel is lost). */
  status(): PanelStatus[] {
    return this.panels.map(({ binding, lineKeys }) => {
      const up = binding.isAttached;
      return {
        id: binding.panelId, station: binding.station, state: up ? 'ready' : 'out-of-service',
        keys: lineKeys.map(({ key, line }) => ({ key, line, lamp: up ? (this.lamps.get(lampKey(binding.station, line)) ?? null) : 'out-of-service' })),
      };
    });
  }

  /** Every LED off (SIGTERM), then the panels closed and their supervisors stopped. */
  async close(): Promise<void> {
    this.closed = true;
    this.o.engine.allOff();
    for (const { supervisor } of this.panels) await supervisor.stop().catch(() => undefined);
  }

  private device({ binding }: HubPanel, panel: KeyPanel, ev: PanelDeviceEvent): void {
    if (this.closed) return;
    const { log, attached } = this.o;
    if (ev.up) {
      log.log('notice', 'panel', { id: panel.id, event: 'ready' });
      binding.attach(); // every LED in full, from the lamps the engine holds now
      if (binding.station !== null) attached(binding.station, true, ev.t);
      return;
    }
    log.log('warning', 'panel', { id: panel.id, event: 'lost', code: ev.error?.code ?? null, error: ev.error?.message ?? null });
    binding.lost();
    // Lost, or absent at start: either way its station cannot be alerted until it is back.
    if (binding.station !== null) attached(binding.station, false, ev.t);
  }
}

function lampKey(station: string | null, line: string): string {
  return `${station ?? ''}\u0000${line}`;
}
