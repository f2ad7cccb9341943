import { DeviceError } from '../../contracts/device.js';
import { chooseVoiceSampleMode, parseVoiceSampleModes } from '../../codecs/v253/voiceSampleModes.js';
import type { AudioEncoding } from '../../codecs/v253/voiceSampleModes.js';
import { sampleModeCommand } from '../../codecs/v253/atCommands.js';
import { detectCommands, detectModemProfile } from './modemProfiles.js';
import type { ModemProfile } from './ModemProfile.js';
import type { ModemLink } from './ModemLink.js';

/** V.250 basics every model takes before it is known: reset, no echo, verbose result codes. */
const PRELUDE = ['ATZ', 'ATE0V1Q0'];

export interface InitialisedModem {
  profile: ModemProfile;
  /** The negotiated voice encoding, or null (no usable `+VSM` method, or the model has no audio). */
  encoding: AudioEncoding | null;
  /** The answers to the detection commands, for logs. */
  identity: Map<string, string[]>;
}

const isRefusal = (e: unknown): boolean => e instanceof DeviceError && e.code === 'PROTOCOL';

/**
 * Brings a freshly opened modem to voice-command state, on-hook (hardware.md §3.1): prelude,
 * `ATI` detection unless `named` is given, the profile's init strings, then `AT+VSM=?` and
 * `AT+VSM=<id>,8000`. Rejects with `PROTOCOL` (a refused init string) or `TIMEOUT`.
 */
export async function initialiseModem(link: ModemLink, named: ModemProfile | null, fallbackTimeoutMs: number): Promise<InitialisedModem> {
  let timeout = named?.commandTimeoutMs ?? fallbackTimeoutMs;
  for (const cmd of PRELUDE) await link.command(cmd, timeout);
  const identity = new Map<string, string[]>();
  for (const cmd of named ? named.detect.map((d) => d.command.toUpperCase()) : detectCommands()) {
    try {
      identity.set(cmd, (await link.command(cmd, timeout)).lines);
    } catch (e) {
      if (!isRefusal(e)) throw e;
      identity.set(cmd, []);
    }
  }
  const profile = named ?? detectModemProfile(identity);
  timeout = profile.commandTimeoutMs;
  for (const cmd of profile.init) await link.command(cmd, timeout);
  let encoding: AudioEncoding | null = null;
  if (profile.audio) {
    const fixed = profile.audio.prefer.find((e) => profile.audio?.vsm?.[e] !== undefined);
    let id = fixed === undefined ? undefined : profile.audio.vsm?.[fixed];
    encoding = fixed ?? null;
    if (id === undefined) {
      try {
        const mode = chooseVoiceSampleMode(parseVoiceSampleModes((await link.command('AT+VSM=?', timeout)).lines), profile.audio.prefer);
        id = mode?.id;
        encoding = mode?.encoding ?? null;
      } catch (e) {
        if (!isRefusal(e)) throw e;
      }
    }
    if (id !== undefined && encoding !== null) await link.command(sampleModeCommand(id), timeout);
    else encoding = null;
  }
  return { profile, encoding, identity };
}
