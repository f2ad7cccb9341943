import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type {
  BoardFile,
  DeviceMatch,
  FxoCompatible,
  FxoDeviceSpec,
  LedCompatible,
  LedSpec,
  PanelCompatible,
  PanelSpec,
  ProfileOverrides,
} from '../../../boards/types.js';
import type { CountryProfile } from '../../../hal/contracts/index.js';
import { ConfigError } from '../ConfigError.js';
import { formatIssue } from '../formatIssues.js';
import type { boardFileSchema, ParsedBoard } from './boardSchema.js';
import { parseBoard } from './parseBoard.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Fxo = ParsedBoard['fxo'][number];
type Panel = ParsedBoard['panels'][number];
type Led = NonNullable<ParsedBoard['leds']>[number];

const BASE = { schema: 1, board: 't', country: 'us', fxo: [], panels: [], palette: { mine: 'green', other: 'red' }, blink: { hardwareFlash: null } };

function issues(board: Record<string, unknown>): string[] {
  try {
    parseBoard(JSON.stringify({ ...BASE, ...board }), 'board.json');
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => formatIssue(i).replace(/^board\.json:\d+:\d+: /, ''));
    throw e;
  }
  return [];
}

describe('boardFileSchema matches boards/types.ts', () => {
  it('parses to a BoardFile, accepts every BoardFile, and names the same keys and drivers (checked by tsc)', () => {
    const out = (b: ParsedBoard): BoardFile => b;
    const into = (b: BoardFile): z.input<typeof boardFileSchema> => b;
    const overrides = (p: NonNullable<ParsedBoard['profile']>): ProfileOverrides => p;
    const same: [
      Same<keyof ParsedBoard, keyof BoardFile>,
      Same<keyof Fxo, keyof FxoDeviceSpec>,
      Same<keyof Panel, keyof PanelSpec>,
      Same<keyof Led, keyof LedSpec>,
      Same<keyof NonNullable<Fxo['match']>, keyof DeviceMatch>,
      Same<keyof NonNullable<ParsedBoard['profile']>, keyof CountryProfile>,
      Same<Fxo['compatible'], FxoCompatible>,
      Same<Panel['compatible'], PanelCompatible>,
      Same<Led['compatible'], LedCompatible>,
    ] = [true, true, true, true, true, true, true, true, true];
    expect(same.every(Boolean)).toBe(true);
    expect([out, into, overrides].every((f) => typeof f === 'function')).toBe(true);
  });
});

describe('boardFileSchema details', () => {
  it('schema is 1', () => {
    expect(issues({ schema: 2 })).toEqual(['schema: expected schema: 1, the only board file version; found 2']);
  });

  it('profile overrides are a strict deep partial of the country profile', () => {
    expect(issues({ profile: { flashMs: 100, ring: { validateMs: 150 }, disconnect: { cues: ['polarity'], maxCallMs: 0 } } })).toEqual([]);
    expect(issues({ profile: { flashMs: 0, ring: { cadencesMs: { normal: [1000] } }, callerId: { standrd: 'bell202' }, tones: { busy: '425/x' } } })).toEqual([
      'profile.flashMs: must be more than 0 ms; found 0',
      'profile.ring.cadencesMs.normal: a cadence is on, off pairs: an even number of durations, at least two; found a list',
      'profile.callerId.standrd: unknown key "standrd": did you mean "standard"?',
      'profile.tones.busy: expected a tone in indications.conf notation, such as "480+620/500,0/500"; found "425/x"',
    ]);
  });

  it('palette colours are named or { r, g, b } 0-255', () => {
    expect(issues({ palette: { mine: { r: 0, g: 128, b: 255 }, other: 'red', attention: 'amber' } })).toEqual([]);
    expect(issues({ palette: { mine: { r: 256, g: 0, b: 0 }, other: 'pink' } })).toEqual([
      'palette.mine.r: a colour level is 0 to 255; found 256',
      'palette.other: expected a colour (green, red, amber, blue, white) or { r, g, b } with each 0-255; found "pink"',
    ]);
  });

  it('match: usb is lower-case vid:pid, path is absolute with at most one "*"', () => {
    const panel = (match: object) => ({ panels: [{ id: 'p', compatible: 'xkeys', match, keys: {} }] });
    expect(issues(panel({ usb: '05f3:0405', path: '/dev/hidraw*', unitId: 1 }))).toEqual([]);
    expect(issues(panel({ usb: '05F3:0405', path: '/dev/*/x*' }))).toEqual([
      'panels[0].match.usb: a USB id is written in lower case, such as "05f3:0405"; found "05F3:0405"',
      'panels[0].match.path: a device path may hold at most one "*"; found "/dev/*/x*"',
    ]);
    expect(issues(panel({ usb: '5f3:405' }))).toEqual(['panels[0].match.usb: expected a USB id "vid:pid" of 4 hex digits each, such as "05f3:0405"; found "5f3:405"']);
  });

  it('keys: a line key needs its line; roles are hold, release or line; patterns are keyed by lamp', () => {
    const panel = (more: object) => ({
      fxo: [{ id: 'f', compatible: 'sim-fxo', channels: { line1: 0 } }],
      panels: [{ id: 'p', compatible: 'xkeys', keys: { 1: { line: 'line1' }, 2: { role: 'line', line: 'line1' } }, ...more }],
    });
    expect(issues(panel({ patterns: { 'ringing-here': { colour: 'mine', cadence: 'fast' }, idle: { colour: { r: 1, g: 2, b: 3 } } } }))).toEqual([]);
    expect(issues(panel({ keys: { 1: { role: 'line' }, 2: { role: 'park' } } }))).toEqual([
      'panels[0].keys["1"].line: required key "line" is missing',
      'panels[0].keys["2"].role: expected one of: hold, release, line; found "park"',
    ]);
    expect(issues(panel({ patterns: { ringing: { cadence: 'fast' } } }))).toEqual([
      'panels[0].patterns.ringing: unknown key "ringing"; valid keys here: idle, ringing-here, ringing-not-here, seizing, in-use-mine, in-use-other, held-mine, held-other, held-private-mine, held-private-other, recall, out-of-service, unknown',
    ]);
  });

  it('channels are whole numbers from 0; an LED name is one entry of /sys/class/leds', () => {
    expect(issues({ fxo: [{ id: 'f', compatible: 'sim-fxo', channels: { line1: -1, line2: 1.5 } }] })).toEqual([
      'fxo[0].channels.line1: channels are numbered from 0; found -1',
      'fxo[0].channels.line2: expected a whole channel number, 0 or more; found 1.5',
    ]);
    expect(issues({ leds: [{ id: 'l', compatible: 'sysfs-led', name: '../brightness' }] })).toEqual([
      'leds[0].name: an LED name is one entry of /sys/class/leds: no "/" and no spaces; found "../brightness"',
    ]);
  });
});
