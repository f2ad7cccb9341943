import type { Core } from 'sip.js';
import type { CoreEvent } from '../../core/events.js';
import type { LineContext } from '../../core/lineContext.js';
import type { LineDef, StationDef } from '../../core/options.js';
import type { LineStateName } from '../../core/status.js';
import type { MediaEndpoint, MediaEndpointFactory } from '../../media/MediaEndpoint.js';
import type { Binding, SipClock, SipLog } from '../types.js';

/** What the SIP stations read of the key system, between two events. */
export interface StationsView {
  station(id: string): StationDef | undefined;
  lineDef(id: string): LineDef | undefined;
  lineState(id: string): LineStateName | undefined;
  lineContext(id: string): LineContext | undefined;
  lineIds(): Iterable<string>;
  stationIds(): Iterable<string>;
}

export interface SipStationDeps {
  core: Core.UserAgentCore;
  clock: SipClock;
  log: SipLog;
  /** The site domain: entity and identity URIs (lamps.md §4.2). */
  domain: string;
  /** keyline's own Contact URI, written into every INVITE it sends. */
  contact: string;
  /** The IPv4 address keyline writes into SDP `c=`. */
  mediaAddress: string;
  /** Into the key system; calls made while it is busy are queued by it. */
  dispatch: (ev: CoreEvent) => void;
  view: StationsView;
  bindings: (station: string) => readonly Binding[];
  media: MediaEndpointFactory;
  /** A SIP alert with no provisional response by then counts as unreachable (sla.md §2.4). */
  alertStartTimeout: number;
  /**
   * Plays the busy (486) or congestion (other refusals) tone to a refused phone's endpoint and
   * resolves when it is done; without it a refusal is a bare final response.
   */
  refusalTone?: (endpoint: MediaEndpoint, kind: 'busy' | 'reorder') => Promise<void>;
  /**
   * Plays ringback to a phone whose seizure is under way (no CO audio reaches it yet) until the
   * returned function is called; without it the phone gets a bare 180 and rings back by itself.
   */
  ringback?: (endpoint: MediaEndpoint) => () => void;
}
