import type { SystemDef } from '../core/options.js';
import type { SipCredentials, SipSettings } from '../sip/types.js';
import type { PresenceSettings } from '../sip/presence/PresenceSettings.js';
import type { ConfigIssue } from './ConfigIssue.js';

/** A line of another site shown here (issue 5): subscribed to at `uri` through the presence server. */
export interface RemoteLine {
  id: string;
  uri: string;
  label: string;
  /** Panel keys that show its lamp. */
  keys: Array<{ panel: string; key: number }>;
}

/** What the board offers, when known: references to anything else are errors. */
export interface LoadOptions {
  /** FXO port ids of the board; a line's `port` must be one of them. */
  ports?: readonly string[];
  /** Key panel ids of the board; a station's `panel` must be one of them. */
  panels?: readonly string[];
}

/** A site configuration that passed validation, resolved for the core. */
export interface LoadedConfig {
  file: string;
  site: { name: string; domain: string };
  system: SystemDef;
  /** station id → id of the key panel bound to it. */
  stationPanels: Record<string, string>;
  /** line id → BroadWorks SCA appearance index (lamps.md §5). */
  appearanceIndex: Record<string, number>;
  /**
   * The `sip:` section, resolved (durations in milliseconds); null when the file has none and
   * the LAN-facing user agent stays off.
   */
  sip: SipSettings | null;
  /** Every SIP station's digest credentials while `sip` is set; empty otherwise. Never log them. */
  credentials: SipCredentials[];
  /** SIP stations whose phone is asked to answer by itself when their key panel answers or seizes. */
  panelAutoAnswer: string[];
  /** The `media:` section: the RTP range (null: the service's default) and music sources → absolute WAV paths. */
  media: { rtpPorts: { min: number; max: number } | null; musicOnHold: Record<string, string> };
  /** The `presence:` section, resolved: where line states are PUBLISHed; null when nothing is. Never log its credentials. */
  presence: PresenceSettings | null;
  /** The `remoteLines:` list (labels defaulted to ids): other sites' lines shown here; empty when none. */
  remoteLines: RemoteLine[];
  /** Problems that do not stop the site from running, e.g. a line no station can reach. */
  warnings: ConfigIssue[];
}
