import type { Clock, FxoPort } from '../../hal/contracts/index.js';
import { BlinkEngine } from '../../hal/blink/BlinkEngine.js';
import { FxoSupervisor } from '../../hal/fxo/FxoSupervisor.js';
import { createBoard, resolveProfile } from '../../boards/factory.js';
import type { BuiltBoard } from '../../boards/factory.js';
import type { DriverRegistry } from '../../boards/drivers.js';
import { KeySystem } from '../core/KeySystem.js';
import type { PortState } from '../core/KeySystem.js';
import type { CoreEvent } from '../core/events.js';
import { ConfigError, formatIssue, loadBoardFile, loadConfigFile } from '../config/index.js';
import type { LoadedConfig } from '../config/index.js';
import { ControlServer } from '../control/ControlServer.js';
import type { ControlEvent, ReloadResult } from '../control/messages.js';
import type { SystemStatus } from '../core/status.js';
import { CallLog } from './CallLog.js';
import { CounterStore } from './CounterStore.js';
import type { Logger } from './Logger.js';
import { PanelHub } from './PanelHub.js';
import type { PanelStatus } from './PanelHub.js';
import type { PanelWatch } from '../../hal/panel/PanelSupervisor.js';
import type { PanelSpec } from '../../boards/types.js';
import { PortBridge } from './PortBridge.js';
import type { LineLevels } from './PortBridge.js';
import { SimControl } from './SimControl.js';
import { serviceEffects } from './serviceEffects.js';
import { serviceHandler } from './serviceHandler.js';
import { withSip } from './withSip.js';
import { SipStateStore } from './SipStateStore.js';
import { SipService } from '../sip/SipService.js';
import { lineView } from '../sip/blf/index.js';
import { PresenceService, formatRecords, parseRecords, remoteLinesView } from '../sip/presence/index.js';
import type { PublicationStore } from '../sip/presence/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './writeFileAtomic.js';
import { MediaPortPool } from '../media/MediaPortPool.js';
import { RtpLegFactory } from '../media/RtpLegFactory.js';
import { MediaClock, systemMediaTimer } from '../media/clock/index.js';
import { DtmfGenerator } from '../media/dtmf/index.js';
import { CountryTones, joinTone } from '../media/tones/index.js';
import { MediaService } from './media/MediaService.js';
import { holdMusic } from './media/holdMusic.js';
import { loadHoldMusic } from './media/loadHoldMusic.js';
import { withMedia } from './media/withMedia.js';
import { KEYLINE_VERSION } from '../paths.js';
import type { DeviceView } from './health/DeviceView.js';
import { deviceViews } from './health/deviceViews.js';

export interface ServiceOptions {
  configPath: string;
  boardPath: string;
  profilesDir: string;
  socketPath: string;
  stateDir: string;
  clock: Clock;
  log: Logger;
  /** Only src/main.ts picks concrete drivers (DESIGN.md); default: the simulators. */
  drivers?: DriverRegistry;
  /** The RTP port range for call legs (default 16384-32766). */
  rtpPorts?: { min: number; max: number };
  /** Hot-plug hints for panels (a HID bus watch), from the composition root; default: backoff alone. */
  panelWatch?: (spec: PanelSpec) => PanelWatch | undefined;
}

/** How long stop() waits for the ports to confirm on-hook before it gives up on them. */
const ON_HOOK_WAIT_MS = 3000;
/** How often the registrations and BLF subscriptions are saved. */
const SIP_STATE_SAVE_MS = 10_000;

/**
 * The running key system: board, ports, panels, core, call log and control socket, started in the
 * safe order (every port on-hook before any station can act, sla.md §12) and stopped in the
 * reverse one (calls ended, every port on-hook, every LED off).
 */
export class Service {
  private readonly subscribers = new Set<(e: ControlEvent) => void>();
  private statusQueued = false;
  /** The LAN SIP side, when the configuration has a `sip:` section. */
  sip: SipService | null = null;
  /** Line audio (conferences, music, tones, digits): with SIP, since only SIP stations carry audio. */
  media: MediaService | null = null;
  /** The publisher of the lines' dialog-info to the presence server, when the configuration has a `presence:` section. */
  presence: PresenceService | null = null;
  /** Every FXO port and key panel of the board, for the watchdog's health check and STATUS. */
  devices: readonly DeviceView[] = [];
  /** A port's last line voltage / loop current readings, kept by its line's bridge. */
  private levelsOfPort: (port: FxoPort) => LineLevels | undefined = () => undefined;

  private constructor(
    private readonly o: ServiceOptions,
    private config: LoadedConfig,
    readonly ks: KeySystem,
    private readonly ports: ReadonlyMap<string, FxoPort>,
    private readonly supervisors: FxoSupervisor[],
    private readonly hub: PanelHub,
    private readonly callLog: CallLog,
    private server: ControlServer | null,
    /** The board's simulated devices (hardware.md §7), for scripts and tests; empty on real hardware. */
    readonly sim: BuiltBoard['sim'],
    /** The board's panel ids: a reload validates `panel:` bindings against them, as the start does. */
    private readonly panelIds: readonly string[],
  ) {}

  static async start(o: ServiceOptions): Promise<Service> {
    const { clock, log } = o;
    const board = await loadBoardFile(o.boardPath);
    const profile = resolveProfile(board, o.profilesDir);
    const built = createBoard(board, { clock, profile, drivers: o.drivers });
    const config = await loadConfigFile(o.configPath, { ports: [...built.fxo.keys()], panels: [...built.panels.keys()] });
    for (const w of config.warnings) log.log('warning', 'config', { issue: formatIssue(w) });

    const counters = new CounterStore(o.stateDir);
    const { log: callLog, interrupted, seq } = CallLog.open(o.stateDir);
    for (const [line, n] of Object.entries(seq)) counters.atLeast(line, n);
    for (const id of interrupted) log.log('notice', 'call', { id, event: 'end', outcome: 'interrupted', reason: 'keyline restarted' });

    let ks: KeySystem | null = null;
    let sip: SipService | null = null;
    let media: MediaService | null = null;
    let presence: PresenceService | null = null;
    const dispatch = (ev: CoreEvent) => {
      ks?.dispatch(ev);
      // Caller ID changes a ringing line's BLF body though no lamp changes (lamps.md §4.4).
      if (ev.type === 'fxo.callerId') {
        sip?.lineDetailChanged(ev.line);
        presence?.lineChanged(ev.line);
      }
    };
    const bridges = new Map<string, PortBridge>();
    const supervisors: FxoSupervisor[] = [];
    const lineOfPort = new Map(config.system.lines.map((l) => [l.port, l.id]));
    const portsOfLines = new Map<string, FxoPort>();
    // Every port of the board is opened and put on-hook first, used by a line or not (safe state).
    for (const [portId, port] of built.fxo) {
      const line = lineOfPort.get(portId);
      const sup = new FxoSupervisor({ port, clock, profile });
      supervisors.push(sup);
      // A device back after a loss is put on-hook before the core hears of it, as at start (DESIGN.md Safety).
      let started = false;
      sup.on('event', (ev) => {
        if (started && ev.type === 'device' && ev.up) port.onHook().catch((err: unknown) => log.log('warning', 'fxo', { port: portId, event: 'on-hook-failed', error: err instanceof Error ? err.message : String(err) }));
      });
      if (line) {
        const bridge = new PortBridge(line, port, clock, dispatch, log);
        portsOfLines.set(line, port);
        bridges.set(line, bridge);
        sup.on('event', (ev) => bridge.onEvent(ev));
      }
      await sup.open().catch((err: unknown) => log.log('warning', 'fxo', { port: portId, event: 'open-failed', error: err instanceof Error ? err.message : String(err) }));
      if (port.health === 'ready') await port.onHook().catch(() => undefined);
      started = true;
    }

    const sim = { unreachable: new Set<string>() };
    const portStates: Record<string, PortState> = {};
    for (const [line, b] of bridges) portStates[line] = { dialToneDetect: b.port.caps.tones.includes('dial'), ready: b.port.health === 'ready', battery: true };
    const engine = new BlinkEngine(clock);
    let service: Service | null = null;
    // A SIP station's panel key makes keyline call its phone first (auto-answer), then press.
    // Remote lines (issue 5): lamps only; a press on a remote line's key does nothing here.
    const remoteIds = new Set(config.remoteLines.map((r) => r.id));
    const panelInput = (ev: CoreEvent) => {
      if (ev.type === 'station.lineKey' && remoteIds.has(ev.line)) return;
      if (ev.type === 'station.lineKey' && sip?.isSip(ev.station)) sip.panelLineKey(ev.station, ev.line);
      else dispatch(ev);
    };
    const hub = new PanelHub({
      built, board, stationPanels: config.stationPanels, lineOfPort, engine, clock, input: panelInput, log, watchOf: o.panelWatch,
      remoteKeys: config.remoteLines.flatMap((r) => r.keys.map((k) => ({ ...k, line: r.id }))),
      // sla.md §3.3: a panel attached or lost makes its station reachable or not (a SIP phone's is its registration).
      attached: (station, reachable, t) => {
        if (ks?.station(station)?.kind !== 'sip') dispatch({ type: 'station.reachable', station, reachable, t });
      },
    });
    ks = new KeySystem({
      system: config.system, clock, ports: portStates, seq: counters.get(),
      effects: withMedia(withSip(serviceEffects({
        clock, log, bridges, counters, callLog, dispatch,
        lamp: (c) => {
          hub.showLamp(c);
          service?.publish({ event: 'lamp', station: c.station, line: c.line, lamp: c.lamp });
          // The published body is the outsider view (presence.md §2): it changes only with it.
          if (c.station === null) presence?.lineChanged(c.line);
        },
        // With SIP on, the SIP layer reports its own failed alerts; without it a SIP phone cannot be reached.
        undeliverable: (s) => sim.unreachable.has(s) || (ks?.station(s)?.kind === 'sip' ? sip === null : hub.detached(s)),
      }), () => sip), () => media),
    });
    if (config.sip) {
      const keys = ks;
      const timer = systemMediaTimer();
      const legs = new RtpLegFactory({
        pool: new MediaPortPool(config.media.rtpPorts ?? o.rtpPorts ?? { min: 16384, max: 32766 }), bindAddress: config.sip.listen.address,
        advertisedAddress: config.sip.listen.advertisedHost, log, timer,
      });
      sip = await SipService.start({
        settings: config.sip, credentials: config.credentials, domain: config.site.domain, clock, log, version: KEYLINE_VERSION,
        dispatch, media: legs,
        // Remote lines join the view for the BLF notifier only (lamps.md §4.1).
        view: remoteIds.size === 0 ? keys : remoteLinesView(keys, config.remoteLines, config.site.domain, () => presence?.subscriber ?? null),
        alertStartTimeout: config.system.general.alertStartTimeout,
        refusalTone: (endpoint, kind) => media?.refusalTone(endpoint, kind) ?? Promise.resolve(),
        ringback: (endpoint) => media?.ringback(endpoint) ?? (() => undefined),
      });
      const sipNow = sip;
      const dtmf = new DtmfGenerator({ onMs: profile.dtmf.onMs, offMs: profile.dtmf.offMs });
      const tones = new CountryTones(profile.tones, { label: `profile ${profile.country} tones` });
      const music = await holdMusic(config.media.musicOnHold, log);
      media = new MediaService({
        clock: new MediaClock({ timer, log }), log, ports: portsOfLines,
        endpointOf: (station, line) => sipNow.endpointOf(station, line),
        joinTone, music, dtmfTone: (digit) => dtmf.source(digit), progressTone: (name) => tones.source(name),
      });
      for (const [line, bridge] of bridges) bridge.onDigit((digit) => media?.lineDigit(line, digit));
    }
    // Until their subscriptions deliver, remote lines are unknown (lamps.md §2), never dark.
    for (const id of remoteIds) hub.showRemoteLamp(id, 'unknown');
    await hub.open();
    service = new Service(o, config, ks, built.fxo, supervisors, hub, callLog, null, built.sim, [...built.panels.keys()]);
    const svc = service;
    svc.sip = sip;
    svc.media = media;
    svc.devices = deviceViews(board, built);
    const bridgeOfPort = new Map([...bridges.values()].map((b) => [b.port, b]));
    svc.levelsOfPort = (port) => bridgeOfPort.get(port)?.levels;
    if (sip) svc.persistSipState(sip, new SipStateStore(o.stateDir), new Set(config.credentials.map((c) => c.station)));
    ks.onStep(() => svc.statusChanged());
    ks.start();
    if (config.presence) {
      const keys = ks;
      const domain = config.site.domain;
      // Fire-and-forget towards the server: a failure to start is logged and the key system runs on.
      presence = await PresenceService.start({
        settings: config.presence, domain, lines: config.system.lines.map((l) => l.id), view: (line) => lineView(keys, null, line, domain),
        remoteLines: config.remoteLines,
        remoteLamp: (id, lamp) => {
          hub.showRemoteLamp(id, lamp);
          sip?.lineDetailChanged(id);
          svc.publish({ event: 'lamp', station: null, line: id, lamp });
        },
        clock, log, version: KEYLINE_VERSION, store: presenceStore(o.stateDir),
        ...(config.sip ? { listen: { address: config.sip.listen.address, advertisedHost: config.sip.listen.advertisedHost } } : {}),
      }).catch((err: unknown) => {
        log.log('error', 'presence', { event: 'start-failed', error: err instanceof Error ? err.message : String(err) });
        return null;
      });
      svc.presence = presence;
    }

    const simControl = new SimControl(ks, built, (line) => svc.config.system.lines.find((l) => l.id === line)?.port, profile, dispatch, () => clock.now(), loadHoldMusic);
    sim.unreachable = simControl.unreachable;
    const handler = serviceHandler({ service: svc, callLog, sim: simControl, subscribers: svc.subscribers });
    svc.server = await ControlServer.listen({
      path: o.socketPath, handler,
      logger: { warn: (m) => log.log('warning', 'control', { message: m }), error: (m, c) => log.log('error', 'control', { message: m, error: c instanceof Error ? c.message : String(c ?? '') }) },
    });
    log.log('notice', 'service', {
      event: 'ready', board: board.board, config: o.configPath, lines: config.system.lines.length, stations: config.system.stations.length, socket: o.socketPath,
    });
    return svc;
  }

  private sipStateSaver: (() => void) | null = null;

  /**
   * Restores the registrations and BLF subscriptions saved by the last run (each subscription
   * gets a full-state NOTIFY, S44) and saves them every few seconds and at stop, so a crash loses
   * at most the last few changes.
   */
  private persistSipState(sip: SipService, store: SipStateStore, stations: ReadonlySet<string>): void {
    const { clock, log } = this.o;
    const saved = store.load();
    const bindings = sip.registrar.restore(saved.bindings, stations);
    const subscriptions = sip.resumeSubscriptions(saved.subscriptions);
    if (bindings + subscriptions > 0) log.log('notice', 'sip', { event: 'state-restored', registrations: bindings, subscriptions });
    let timer: unknown = null;
    const save = () => {
      try {
        store.save({ subscriptions: sip.exportSubscriptions(), bindings: sip.registrar.export() });
      } catch (err) {
        log.log('warning', 'sip', { event: 'state-save-failed', error: err instanceof Error ? err.message : String(err) });
      }
    };
    const tick = () => {
      save();
      timer = clock.setTimeout(tick, SIP_STATE_SAVE_MS);
    };
    timer = clock.setTimeout(tick, SIP_STATE_SAVE_MS);
    this.sipStateSaver = () => {
      clock.clearTimeout(timer);
      save();
    };
  }

  /** The line's port hook state as the hardware reports it. */
  hookOf(line: string): 'on' | 'off' | undefined {
    const port = this.config.system.lines.find((l) => l.id === line)?.port;
    return port === undefined ? undefined : this.ports.get(port)?.hook;
  }

  /** The line's port's last line voltage / loop current readings, where its driver reports them. */
  levelsOf(line: string): LineLevels | undefined {
    const port = this.config.system.lines.find((l) => l.id === line)?.port;
    const fxo = port === undefined ? undefined : this.ports.get(port);
    return fxo ? this.levelsOfPort(fxo) : undefined;
  }

  /** The core's status with each line's port hook (and levels, where reported) as the hardware reports them, and each panel's state. */
  status(): SystemStatus & { panels: PanelStatus[] } {
    const status = this.ks.status();
    const lines = status.lines.map((l) => {
      const levels = this.levelsOf(l.id);
      return { ...l, hook: this.hookOf(l.id), ...(levels ? { levels } : {}) };
    });
    const panels = this.hub.status();
    const presence = this.presence ? { presence: this.presence.status() } : {};
    return this.sip ? { ...status, lines, panels, sip: this.sip.status(), ...(this.media ? { media: this.media.status() } : {}), ...presence } : { ...status, lines, panels, ...presence };
  }

  publish(e: ControlEvent): void {
    for (const s of this.subscribers) s(e);
  }

  /** One status event per burst of steps, for `keyline watch` captions. */
  statusChanged(): void {
    if (this.statusQueued || this.subscribers.size === 0) return;
    this.statusQueued = true;
    setImmediate(() => {
      this.statusQueued = false;
      this.publish({ event: 'status', status: this.status() });
    });
  }

  /** sla.md §11: a bad file changes nothing; a good one applies between two events. */
  async reload(): Promise<ReloadResult> {
    const { log, clock } = this.o;
    let next: LoadedConfig;
    try {
      next = await loadConfigFile(this.o.configPath, { ports: [...this.ports.keys()], panels: [...this.panelIds] });
    } catch (err) {
      const errors = err instanceof ConfigError ? err.issues.map(formatIssue) : [err instanceof Error ? err.message : String(err)];
      for (const e of errors) log.log('error', 'config', { event: 'reload-rejected', issue: e });
      return { applied: false, changes: [], pending: [], errors };
    }
    const changes: string[] = [];
    if (JSON.stringify(next.stationPanels) !== JSON.stringify(this.config.stationPanels)) changes.push('panel bindings: take effect at the next start');
    if (JSON.stringify(next.remoteLines) !== JSON.stringify(this.config.remoteLines)) changes.push('remote lines: take effect at the next start');
    const result = this.ks.reload(next.system, clock.now());
    this.sip?.setCredentials(next.credentials);
    this.config = { ...next, stationPanels: this.config.stationPanels, remoteLines: this.config.remoteLines };
    for (const c of [...result.applied, ...changes]) log.log('notice', 'config', { event: 'reloaded', change: c });
    for (const p of result.pending) log.log('notice', 'config', { event: 'reload-pending', change: p });
    this.statusChanged();
    return { applied: true, changes: [...result.applied, ...changes], pending: result.pending, errors: [] };
  }

  /** Every port on-hook now, without waiting for the core: the last resort on a crash. */
  emergencyOnHook(): Promise<void> {
    return Promise.all([...this.ports.values()].map((p) => p.onHook().catch(() => undefined))).then(() => undefined);
  }

  /** SIGTERM: calls end, every port on-hook (confirmed or timed out), every LED off, socket closed. */
  async stop(): Promise<void> {
    const { clock, log } = this.o;
    log.log('notice', 'service', { event: 'stopping' });
    await this.server?.close().catch(() => undefined);
    this.server = null;
    this.ks.shutdown(clock.now());
    this.sipStateSaver?.();
    // presence.md §3 rule 8: terminated and removed at the server, bounded to 2 s.
    await this.presence?.stop().catch((err: unknown) => log.log('warning', 'presence', { event: 'stop-failed', error: String(err) }));
    this.media?.close();
    await this.sip?.stop().catch((err: unknown) => log.log('warning', 'sip', { event: 'stop-failed', error: String(err) }));
    // Bounded on the service's own clock: a port that never confirms must not hold up the exit.
    let timer: unknown;
    await Promise.race([this.emergencyOnHook(), new Promise((r) => { timer = clock.setTimeout(() => r(undefined), ON_HOOK_WAIT_MS); })]);
    clock.clearTimeout(timer);
    await this.hub.close();
    for (const s of this.supervisors) {
      // A device gone at shutdown may fail to close; an unhandled rejection here would crash the exit.
      s.close().catch((err: unknown) => log.log('warning', 'fxo', { port: s.port.id, event: 'close-failed', error: err instanceof Error ? err.message : String(err) }));
    }
    this.callLog.close();
    const hooks = [...this.ports].map(([id, p]) => `${id}:${p.hook}`).join(',');
    log.log('notice', 'service', { event: 'stopped', ports: hooks });
  }
}

/** The live publications in the state directory (`presence-state.json`, written atomically). */
function presenceStore(stateDir: string): PublicationStore {
  const file = join(stateDir, 'presence-state.json');
  return {
    load: () => {
      try {
        return parseRecords(readFileSync(file, 'utf8'));
      } catch {
        return [];
      }
    },
    save: (records) => writeFileAtomic(file, formatRecords(records)),
  };
}
