import type { SipCredentials, SipSettings } from '../sip/types.js';
import { registrationBounds } from './registrationChecks.js';
import type { SiteFile } from './schema.js';
import { secondsToMs } from './schemaPrimitives.js';

export const DEFAULT_SIP_PORT = 5060;
export const DEFAULT_LISTEN_ADDRESS = '0.0.0.0';
export const DEFAULT_SECURITY = { authFailures: 5, window: secondsToMs(60), blockFor: secondsToMs(300) } as const;

export interface ResolvedSip {
  /** null: the file has no `sip:` section and the LAN-facing user agent stays off. */
  sip: SipSettings | null;
  /** Every SIP station's credentials while SIP is on; empty while it is off. */
  credentials: SipCredentials[];
  /** SIP stations asked to go off-hook by themselves when their panel answers or seizes. */
  panelAutoAnswer: string[];
}

/** The `sip:` section and the SIP stations' keys with defaults applied; for a file that passed sipChecks. */
export function resolveSip(file: SiteFile, domain: string): ResolvedSip {
  const sipStations = file.stations.filter((s) => s.kind === 'sip');
  const panelAutoAnswer = sipStations.filter((s) => s.panelAutoAnswer === true).map((s) => s.id);
  const section = file.sip;
  if (section === undefined) return { sip: null, credentials: [], panelAutoAnswer };

  const address = section.listen?.address ?? DEFAULT_LISTEN_ADDRESS;
  const { min, max, dflt } = registrationBounds(file);
  const sip: SipSettings = {
    listen: {
      address,
      port: section.listen?.port ?? DEFAULT_SIP_PORT,
      advertisedHost: section.listen?.advertise ?? address,
      tcp: section.listen?.tcp ?? true,
    },
    realm: section.realm ?? domain,
    digest: section.digest ?? ['SHA-256', 'MD5'],
    registration: { minExpires: min, maxExpires: max, defaultExpires: dflt },
    security: {
      authFailures: section.security?.authFailures ?? DEFAULT_SECURITY.authFailures,
      window: section.security?.window ?? DEFAULT_SECURITY.window,
      blockFor: section.security?.blockFor ?? DEFAULT_SECURITY.blockFor,
    },
  };
  // sipChecks refused a SIP station without a password, so none is skipped here while SIP is on.
  const credentials = sipStations.flatMap((s): SipCredentials[] =>
    s.password === undefined ? [] : [{ station: s.id, username: s.username ?? s.id, password: s.password }],
  );
  return { sip, credentials, panelAutoAnswer };
}
