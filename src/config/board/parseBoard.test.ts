import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../ConfigError.js';
import { formatIssue } from '../formatIssues.js';
import { rejectedIssues } from '../rejectedIssues.js';
import { loadBoardFile } from './loadBoardFile.js';
import { parseBoard } from './parseBoard.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// Small enough to count columns in: line 2 holds the FXO device, lines 3-4 the panel.
const BOARD = `{ "schema": 1, "board": "t", "country": "us",
  "fxo": [ { "id": "sim", "compatible": "sim-fxo", "channels": { "line1": 0, "line2": 1 } } ],
  "panels": [ { "id": "desk1", "compatible": "sim-panel", "options": { "rows": 2, "cols": 2 },
                "keys": { "1": { "line": "line1" }, "2": { "line": "line2" }, "4": { "role": "hold" } } } ],
  "palette": { "mine": "green", "other": "red" }, "blink": { "hardwareFlash": null } }
`;

/** BOARD with each `[from, to]` replaced; every `from` must occur exactly once. */
function edited(...changes: [string, string][]): string {
  return changes.reduce((text, [from, to]) => {
    expect(text.split(from), `"${from}" occurs once in the board`).toHaveLength(2);
    return text.replace(from, to);
  }, BOARD);
}

function rejected(text: string): string[] {
  return rejectedIssues(() => parseBoard(text, 'board.json'), 'board');
}

describe('parseBoard accepts valid boards', () => {
  it.each(['sim-4line.json', 'kl-daa4-xk24.json'])('the committed boards/%s loads cleanly, as written', async (name) => {
    const path = `${root}boards/${name}`;
    const board = await loadBoardFile(path);
    expect(board).toEqual(JSON.parse(await readFile(path, 'utf8')));
  });

  it('returns the small board as written', () => {
    const board = parseBoard(BOARD, 'board.json');
    expect(board.fxo[0]?.channels).toEqual({ line1: 0, line2: 1 });
    expect(board.panels[0]?.keys).toEqual({ 1: { line: 'line1' }, 2: { line: 'line2' }, 4: { role: 'hold' } });
  });
});

describe('parseBoard rejects a bad shape with file:line:col and key', () => {
  it('an unknown driver lists the known ones and suggests the nearest', () => {
    expect(rejected(edited(['"sim-fxo"', '"sim-fx0"']))).toEqual([
      'board.json:2:41: fxo[0].compatible: unknown driver "sim-fx0": expected one of sim-fxo, v253-modem, mcu-si3050 (did you mean "sim-fxo"?)',
    ]);
    expect(rejected(edited(['"sim-panel"', '"launchpad"']))).toEqual([
      'board.json:3:46: panels[0].compatible: unknown driver "launchpad": expected one of sim-panel, xkeys, streamdeck, hid-panel',
    ]);
  });

  it('an unknown key points at the key and says what was meant or where it belongs', () => {
    expect(rejected(edited(['"country"', '"countyr"']))).toEqual([
      'board.json:1:1: country: required key "country" is missing',
      'board.json:1:30: countyr: unknown key "countyr": did you mean "country"?',
    ]);
    expect(rejected(edited(['"options"', '"usb": "05f3:0405", "options"']))).toEqual([
      'board.json:3:59: panels[0].usb: unknown key "usb": "usb" belongs under match',
    ]);
  });

  it('a country is a lower-case ISO 3166 code', () => {
    expect(rejected(edited(['"us"', '"USA"']))).toEqual([
      'board.json:1:41: country: expected an ISO 3166 alpha-2 country code in lower case, such as "us" or "gb"; found "USA"',
    ]);
  });

  it('a JSON syntax error gives its position', () => {
    expect(rejected(edited(['"line2": 1', '"line2" 1']))).toEqual([
      'board.json:2:86: fxo[0].channels.line2: YAML syntax: Missing , or : between flow map items',
    ]);
  });

  it('reports every shape error at once, in file order', () => {
    expect(rejected(edited(['"board": "t"', '"board": ""'], ['"sim-fxo"', '"sim"'], ['"4"', '"four"'], ['"red"', '"purple"']))).toEqual([
      'board.json:1:25: board: the board name must not be empty; found ""',
      'board.json:2:41: fxo[0].compatible: unknown driver "sim": expected one of sim-fxo, v253-modem, mcu-si3050',
      'board.json:4:79: panels[0].keys.four: not a key number: keys are numbered "1", "2", … from the first key',
      'board.json:5:42: palette.other: expected a colour (green, red, amber, blue, white) or { r, g, b } with each 0-255; found "purple"',
    ]);
  });
});

describe('parseBoard cross-checks the entries', () => {
  it('a device id is unique across fxo, panels and leds', () => {
    const text = edited(['"id": "desk1"', '"id": "sim"'], ['"blink"', '"leds": [ { "id": "sim", "compatible": "sysfs-led", "name": "kl:status" } ], "blink"']);
    expect(rejected(text)).toEqual([
      'board.json:3:23: panels[0].id: device id "sim" is already used by fxo[0] (board.json:2:20): device ids are unique across fxo, panels and leds',
      'board.json:5:69: leds[0].id: device id "sim" is already used by fxo[0] (board.json:2:20): device ids are unique across fxo, panels and leds',
    ]);
  });

  it('a port id names one channel: not on two devices, not twice on one', () => {
    const twoDevices = edited(['"line2": 1 } } ],', '"line2": 1 } }, { "id": "m", "compatible": "v253-modem", "channels": { "line2": 0 } } ],']);
    expect(rejected(twoDevices)).toEqual([
      'board.json:2:149: fxo[1].channels.line2: port "line2" is already on fxo[0] (board.json:2:87): a port id names one channel',
    ]);
    expect(rejected(edited(['"line2": 1', '"line2": 1, "line2": 2']))).toEqual([
      'board.json:2:90: fxo[0].channels.line2: this key appears twice in the same mapping',
    ]);
  });

  it('a channel of a device carries one port', () => {
    expect(rejected(edited(['"line2": 1', '"line2": 0']))).toEqual([
      'board.json:2:87: fxo[0].channels.line2: channel 0 of "sim" already carries port "line1" (board.json:2:75): a channel carries one port',
    ]);
  });

  it('a panel key shows a port some FXO device has', () => {
    expect(rejected(edited(['{ "line": "line2" }', '{ "line": "lime2" }']))).toEqual([
      'board.json:4:68: panels[0].keys["2"].line: port "lime2" is not on any FXO device of this board: did you mean "line2"?',
    ]);
    expect(rejected(edited(['{ "line": "line2" }', '{ "line": "line9" }']))).toEqual([
      'board.json:4:68: panels[0].keys["2"].line: port "line9" is not on any FXO device of this board; its ports are: line1, line2',
    ]);
  });

  it('a key number fits the rows × cols the options give', () => {
    expect(rejected(edited(['"4": {', '"5": {']))).toEqual([
      "board.json:4:79: panels[0].keys[\"5\"]: key 5 is beyond the panel's 4 keys (options rows 2 × cols 2)",
    ]);
    // Without a size in the options only the driver knows the panel's keys.
    expect(parseBoard(edited(['"4": {', '"40": {'], ['"options": { "rows": 2, "cols": 2 },', '']), 'board.json').panels[0]?.keys['40']).toEqual({ role: 'hold' });
  });

  it('a panel has one hold key and one release key', () => {
    expect(rejected(edited(['"2": { "line": "line2" }', '"2": { "role": "hold" }']))).toEqual([
      'board.json:4:93: panels[0].keys["4"].role: panel "desk1" already has a hold key: key 2 (board.json:4:68)',
    ]);
    expect(rejected(edited(['"2": { "line": "line2" }', '"2": { "role": "release" }'], ['"hold"', '"release"']))).toEqual([
      'board.json:4:96: panels[0].keys["4"].role: panel "desk1" already has a release key: key 2 (board.json:4:68)',
    ]);
  });

  it('reports every cross-check error at once, in file order', () => {
    const text = edited(['"line2": 1', '"line2": 0'], ['{ "line": "line2" }', '{ "line": "line9" }'], ['"4": {', '"5": {']);
    expect(rejected(text).map((line) => line.split(': ')[0])).toEqual([
      'board.json:2:87',
      'board.json:4:68',
      'board.json:4:79',
    ]);
  });
});

describe('loadBoardFile', () => {
  it('a file that cannot be read is a ConfigError naming it', async () => {
    const path = `${root}boards/no-such-board.json`;
    const error = await loadBoardFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map(formatIssue)).toEqual([`${path}: cannot read the board file: no such file`]);
  });
});
