/** Builders for the AT command strings keyline sends (hardware.md §3.1). Pure. */

const DTMF = /^[0-9*#ABCD]+$/;

/** `AT+VTS=1,2,#`: DTMF digits as tones on an off-hook voice line. */
export function toneDialCommand(digits: string): string {
  if (!DTMF.test(digits)) throw new RangeError(`toneDialCommand: digits must match 0-9*#ABCD, got ${JSON.stringify(digits)}`);
  return `AT+VTS=${[...digits].join(',')}`;
}

/** `AT+VSM=<id>,8000`: the negotiated compression method at 8 kHz. */
export function sampleModeCommand(id: number): string {
  if (!(Number.isInteger(id) && id >= 0 && id <= 255)) throw new RangeError(`sampleModeCommand: id must be 0..255, got ${String(id)}`);
  return `AT+VSM=${id},8000`;
}

/** `ATS<reg>=<n>`: an S-register write (flash length, DTMF duration). */
export function sRegisterCommand(reg: number, value: number): string {
  if (!(Number.isInteger(reg) && reg >= 0 && reg <= 255)) throw new RangeError(`sRegisterCommand: reg must be 0..255, got ${String(reg)}`);
  if (!(Number.isInteger(value) && value >= 0 && value <= 255)) throw new RangeError(`sRegisterCommand: value must be 0..255, got ${String(value)}`);
  return `ATS${reg}=${value}`;
}

/** Splits a dial string at `,` pauses: `'12,,3'` → `['12', ',', ',', '3']`. */
export function splitPauses(digits: string): string[] {
  return digits.split(/(,)/).filter((s) => s !== '');
}
