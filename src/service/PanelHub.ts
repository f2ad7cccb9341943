import type { KeyPanel } from '../../hal/contracts/index.js';
import type { BlinkEngine } from '../../hal/blink/BlinkEngine.js';
import type { BuiltBoard } from '../../boards/factory.js';
import type { BoardFile, PanelKeySpec, PanelSpec } from '../../boards/types.js';
import { LAMPS } from '../core/lamp.js';
import type { Lamp } from '../core/lamp.js';
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

/**
 * Every key panel of the board, bound to its station (configuration `panel:`) or shown as a lamp
 * field, on one blink engine. Lamp changes go to the panels that show them; presses come back as
 * station inputs. Hot plug: a lost panel keeps its LED state and is written in full when it returns.
 */
export class PanelHub {
  private readonly bindings: PanelBinding[] = [];
  private readonly panels = new Map<PanelBinding, KeyPanel>();
  private readonly opened = new Set<PanelBinding>();

  constructor(
    built: BuiltBoard,
    board: BoardFile,
    stationPanels: Readonly<Record<string, string>>,
    lineOfPort: ReadonlyMap<string, string>,
    private readonly engine: BlinkEngine,
    input: (ev: PanelInput) => void,
    private readonly log: Logger,
  ) {
    const stationOf = new Map(Object.entries(stationPanels).map(([station, panel]) => [panel, station]));
    for (const [id, { panel, keys, spec }] of built.panels) {
      const palette = { attention: 'amber' as const, ...board.palette, ...spec.palette };
      const binding = new PanelBinding({
        panelId: id, panel, keys: keysForLines(keys, lineOfPort), station: stationOf.get(id) ?? null, engine,
        style: { palette, patterns: lampLooks(spec.patterns), color: panel.caps.color },
      });
      binding.onInput(input);
      binding.onNote((n) => log.log('info', 'panel', { panel: id, event: n.event, detail: n.detail }));
      panel.on('lost', (err) => {
        log.log('warning', 'panel', { id, event: 'lost', code: err.code });
        binding.lost();
      });
      panel.on('ready', () => {
        log.log('notice', 'panel', { id, event: 'ready' });
        // The first open is written in full by open(); only a replugged panel is rewritten here.
        if (this.opened.has(binding)) binding.attached();
      });
      this.bindings.push(binding);
      this.panels.set(binding, panel);
    }
  }

  /** Opens every panel and writes every LED in full (lamps.md §3.3 life cycle). */
  async open(): Promise<void> {
    for (const [binding, panel] of this.panels) {
      try {
        await panel.open();
        binding.attach();
        this.opened.add(binding);
      } catch (err) {
        this.log.log('warning', 'panel', { id: binding.panelId, event: 'open-failed', error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  showLamp(change: LampChange): void {
    for (const b of this.bindings) if (b.station === change.station) b.showLamp(change.line, change.lamp);
  }

  /** Every LED off (SIGTERM), then the panels closed. */
  async close(): Promise<void> {
    this.engine.allOff();
    for (const panel of this.panels.values()) await panel.close().catch(() => undefined);
  }
}
