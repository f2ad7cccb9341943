import type { Finding } from './Finding.js';
import type { KeyPath } from './keyPath.js';
import type { Where } from './lineChecks.js';
import type { SiteFile } from './schema.js';
import { registrationChecks } from './registrationChecks.js';
import { MIN_PASSWORD_LENGTH } from './sipPrimitives.js';
import { SIP_STATION_KEYS } from './sipSchema.js';

/**
 * SIP rules that need the whole file. The `sip:` section switches the LAN-facing user agent on;
 * then every SIP station needs a password, since a phone registers with one. Without the section
 * SIP is off: SIP stations may be declared (unreachable until it is added) and need none.
 */
export function sipChecks(file: SiteFile, where: Where): Finding[] {
  return [...sipOnlyKeyChecks(file), ...passwordChecks(file), ...usernameChecks(file, where), ...listenChecks(file), ...registrationChecks(file)];
}

/** username, password and panelAutoAnswer belong to SIP phones only. */
function sipOnlyKeyChecks(file: SiteFile): Finding[] {
  const out: Finding[] = [];
  file.stations.forEach((station, s) => {
    if (station.kind === 'sip') {
      if (station.panelAutoAnswer === true && station.panel === undefined) {
        out.push({
          path: ['stations', s, 'panelAutoAnswer'],
          anchor: 'value',
          severity: 'warning',
          message: `panelAutoAnswer has no effect: station "${station.id}" has no panel`,
        });
      }
      return;
    }
    for (const key of SIP_STATION_KEYS) {
      if (station[key] === undefined) continue;
      out.push({
        path: ['stations', s, key],
        anchor: 'key',
        severity: 'error',
        message: `"${key}" is only for SIP phones, and station "${station.id}" is kind: ${station.kind}`,
      });
    }
  });
  return out;
}

function passwordChecks(file: SiteFile): Finding[] {
  const out: Finding[] = [];
  if (file.sip === undefined) {
    // Worth saying once: the installer evidently meant the phones to register.
    const s = file.stations.findIndex((st) => st.kind === 'sip' && st.password !== undefined);
    if (s >= 0) {
      out.push({
        path: ['stations', s, 'password'],
        anchor: 'key',
        severity: 'warning',
        message: 'SIP is off: without a sip: section no phone can register; add one, e.g. sip: { listen: { address: 192.168.1.10 } }',
      });
    }
    return out;
  }
  file.stations.forEach((station, s) => {
    if (station.kind !== 'sip' || station.password !== undefined) return;
    out.push({
      path: ['stations', s, 'password'],
      anchor: 'value',
      severity: 'error',
      message:
        `required key "password" is missing: station "${station.id}" is a SIP phone, and phones register with a password; ` +
        `set one of at least ${MIN_PASSWORD_LENGTH} characters (the same on the phone)`,
    });
  });
  return out;
}

/**
 * A station's username (its id unless set) names it in digest authentication and in its
 * address-of-record, so two stations cannot share one. A clash is blamed on a written username,
 * not on an id that only stands in for one.
 */
function usernameChecks(file: SiteFile, where: Where): Finding[] {
  const out: Finding[] = [];
  const first = new Map<string, number>();
  const source = (s: number): KeyPath => (file.stations[s]?.username === undefined ? ['stations', s, 'id'] : ['stations', s, 'username']);
  file.stations.forEach((station, s) => {
    if (station.kind !== 'sip') return;
    const name = station.username ?? station.id;
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, s);
      return;
    }
    const other = file.stations[earlier];
    // Duplicate station ids are stationIdChecks' to report.
    if (station.username === undefined && other?.username === undefined) return;
    const blamed = station.username === undefined ? earlier : s;
    const against = blamed === s ? earlier : s;
    const otherId = file.stations[against]?.id ?? '';
    const how = file.stations[against]?.username === undefined ? 'its station id' : 'its username';
    out.push({
      path: source(blamed),
      anchor: 'value',
      severity: 'error',
      message: `username "${name}" is already station "${otherId}"'s (${how}, ${where(source(against))}): each SIP station needs its own`,
    });
  });
  return out;
}

/**
 * Via and Contact need a host phones can reach. Listening on every address gives none, and
 * guessing one (the first interface) picks the wrong network on a box with a WAN and a LAN side.
 */
function listenChecks(file: SiteFile): Finding[] {
  const listen = file.sip?.listen;
  if (file.sip === undefined || listen?.advertise !== undefined) return [];
  const address = listen?.address ?? '0.0.0.0';
  if (address !== '0.0.0.0') return [];
  return [{
    path: ['sip', 'listen', 'advertise'],
    anchor: 'value',
    severity: 'error',
    message:
      'required key "advertise" is missing: listening on 0.0.0.0 (every address) gives phones no address to send to; ' +
      'write the address or name they reach this box at (it goes into Via and Contact), or set listen.address to that IPv4 address',
  }];
}
