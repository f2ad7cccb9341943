import { CapBit, DAA_PROFILES } from '../../codecs/klb/constants.js';
import type { CapName } from '../../codecs/klb/constants.js';
import type { KlbConfig } from '../../codecs/klb/KlbConfig.js';
import type { Millis } from '../../contracts/clock.js';
import type { CidStandard } from '../../contracts/fxo.js';
import type { CountryProfile } from '../../contracts/profile.js';
import { isSerialPattern } from '../matchSerialGlob.js';

/** What the board file says about one `mcu-si3050` device (structurally a `boards/` FXO entry). */
export interface McuDeviceSpec {
  id: string;
  match?: { path?: string };
  options?: Record<string, unknown>;
  /** Line id → channel. */
  channels: Record<string, number>;
}

/** Everything the driver needs, checked. */
export interface McuSettings {
  id: string;
  path: string;
  baudRate: number;
  keepaliveMs: Millis;
  /** Capabilities the board MUST report at the handshake; the ports advertise exactly these. */
  caps: CapName[];
  config: KlbConfig;
  law: 'ulaw' | 'alaw';
  cidStandard: CidStandard;
  flashMs: Millis;
  dtmf: { onMs: Millis; offMs: Millis };
  pulse: { breakMs: Millis; makeMs: Millis };
  pauseMs: Millis;
  channels: Record<string, number>;
}

/** The keyline DAA4 board: what the Si3050 gives plus caller ID, DTMF detection, pulse dial, audio. */
export const DEFAULT_CAPS: readonly CapName[] = ['ring', 'polarity', 'lineVoltage', 'loopCurrent', 'callerIdOnBoard', 'dtmfDetect', 'pulseDial', 'audio'];

const OPTION_KEYS = ['baudRate', 'keepaliveMs', 'daaProfile', 'law', 'caps', 'pauseMs'];
const ULAW_COUNTRIES = new Set(['us', 'ca', 'mx', 'jp']);
const CID_MODE: Record<CidStandard, number> = { bell202: 1, 'v23-uk': 2, 'v23-etsi': 2, dtmf: 3, modem: 0 };

/**
 * Checks a board-file entry and derives the settings. Misuse throws naming `fxo[<id>].…`.
 * Options: `baudRate` (115200), `keepaliveMs` (3000), `daaProfile` (the profile's), `law`
 * (`ulaw` in NANP and Japan, else `alaw`), `caps` (DEFAULT_CAPS), `pauseMs` for `,` (2000).
 */
export function mcuSettings(spec: McuDeviceSpec, profile: CountryProfile): McuSettings {
  const where = `fxo[${spec?.id}]`;
  if (!spec || typeof spec.id !== 'string' || spec.id === '') throw new TypeError('spec.id must be a non-empty string');
  const path = spec.match?.path;
  if (typeof path !== 'string' || path === '' || !isSerialPattern(path)) {
    throw new RangeError(`${where}.match.path must be a device path with at most one * in its last component, got ${JSON.stringify(path)}`);
  }
  const o = spec.options ?? {};
  for (const key of Object.keys(o)) {
    if (!OPTION_KEYS.includes(key)) throw new RangeError(`${where}.options.${key}: unknown option (known: ${OPTION_KEYS.join(', ')})`);
  }
  const int = (key: string, dflt: number, min: number, max: number): number => {
    const v = o[key] ?? dflt;
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max)) throw new RangeError(`${where}.options.${key} must be an integer in ${min}..${max}, got ${JSON.stringify(v)}`);
    return v;
  };
  const daaName = o.daaProfile ?? profile.daa.profile;
  const daaProfile = typeof daaName === 'string' ? DAA_PROFILES[daaName] : undefined;
  if (daaProfile === undefined) throw new RangeError(`${where}.options.daaProfile must be one of ${Object.keys(DAA_PROFILES).join(', ')}, got ${JSON.stringify(daaName)}`);
  const law = o.law ?? (ULAW_COUNTRIES.has(profile.country) ? 'ulaw' : 'alaw');
  if (law !== 'ulaw' && law !== 'alaw') throw new RangeError(`${where}.options.law must be "ulaw" or "alaw", got ${JSON.stringify(law)}`);
  const caps = o.caps ?? DEFAULT_CAPS;
  if (!Array.isArray(caps) || !caps.every((c): c is CapName => typeof c === 'string' && c in CapBit)) {
    throw new RangeError(`${where}.options.caps must list names of ${Object.keys(CapBit).join(', ')}, got ${JSON.stringify(caps)}`);
  }
  for (const [line, ch] of Object.entries(spec.channels ?? {})) {
    if (!(Number.isInteger(ch) && ch >= 0 && ch < 0xff)) throw new RangeError(`${where}.channels.${line} must be a channel number 0..254, got ${String(ch)}`);
  }
  const cid = profile.callerId.standard;
  return {
    id: spec.id, path, baudRate: int('baudRate', 115200, 1200, 4_000_000), keepaliveMs: int('keepaliveMs', 3000, 300, 60_000),
    caps: [...caps], law, cidStandard: cid, flashMs: profile.flashMs, dtmf: { ...profile.dtmf },
    pulse: { breakMs: profile.pulse.breakMs, makeMs: profile.pulse.makeMs }, pauseMs: int('pauseMs', 2000, 0, 0xffff),
    channels: { ...spec.channels },
    config: {
      ringValidateMs: profile.ring.validateMs, ringDebounceMs: 64, polDebounceMs: 100,
      loopDropMinMs: profile.disconnect.loopDropMinMs, seizeGuardMs: profile.disconnect.seizeGuardMs,
      battThreshV: 3, battDebounceMs: 250, lineReportMs: 1000, lineReportDeltaV: 2,
      cidMode: CID_MODE[cid], cidLoad: cid === 'v23-uk' ? 1 : 0, daaProfile, law: law === 'alaw' ? 1 : 0,
    },
  };
}
