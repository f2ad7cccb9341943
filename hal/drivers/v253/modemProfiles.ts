import conexant from './profiles/conexant.json' with { type: 'json' };
import generic from './profiles/generic-v253.json' with { type: 'json' };
import usr5637 from './profiles/usr5637.json' with { type: 'json' };
import { validateModemProfile } from './ModemProfile.js';
import type { ModemProfile } from './ModemProfile.js';

/** The fallback when no model matches: only what V.253 promises. */
export const GENERIC_PROFILE = 'generic-v253';

/** Known models, in detection order; the generic profile last. */
export const MODEM_PROFILES: ReadonlyMap<string, ModemProfile> = new Map(
  [usr5637, conexant, generic].map((p, i) => {
    const profile = validateModemProfile(p, `modem profile #${i}`);
    return [profile.name, Object.freeze(profile)] as const;
  }),
);

/** A profile by name; throws naming `where` when unknown. */
export function modemProfile(name: string, where = 'modemProfile'): ModemProfile {
  const p = MODEM_PROFILES.get(name);
  if (!p) throw new RangeError(`${where}: unknown modem profile ${JSON.stringify(name)} (known: ${[...MODEM_PROFILES.keys()].join(', ')})`);
  return p;
}

/** The `ATI…` commands detection needs, once each. */
export function detectCommands(profiles: Iterable<ModemProfile> = MODEM_PROFILES.values()): string[] {
  return [...new Set([...profiles].flatMap((p) => p.detect.map((d) => d.command.toUpperCase())))];
}

/**
 * The first profile whose `detect` matches the answers (command → its info lines), else the
 * generic one. Pure.
 */
export function detectModemProfile(answers: ReadonlyMap<string, ReadonlyArray<string>>, profiles: Iterable<ModemProfile> = MODEM_PROFILES.values()): ModemProfile {
  for (const p of profiles) {
    const hit = p.detect.some((d) => (answers.get(d.command.toUpperCase()) ?? []).some((l) => l.toUpperCase().includes(d.contains.toUpperCase())));
    if (hit) return p;
  }
  return modemProfile(GENERIC_PROFILE);
}
