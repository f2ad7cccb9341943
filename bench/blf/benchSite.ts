import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the keyline side of the BLF benchmark runs: lines on the simulated board and SIP stations. */
export interface BenchSiteSpec {
  lines: number;
  stations: number;
  sipPort: number;
  domain: string;
}

export interface BenchSiteFiles {
  config: string;
  board: string;
  /**
   * SIPp's injection file, one station a line in station order: `user;[authentication username=…
   * password=…]` (SIPp expands a field holding the whole keyword, not one nested inside it).
   */
  users: string;
}

export const stationId = (i: number) => `st${i + 1}`;
export const stationPassword = (i: number) => `bench-${i + 1}-secret`;

/**
 * Writes the bench board (the default `boards/sim-4line.json` has 4 lines: this one has `lines`
 * simulated channels) and a site with one SIP station per BLF subscriber, each with an appearance
 * of every line. The appearances do not ring (`ring: false`): the benchmark measures lamps, not
 * 500 alert INVITEs to phones that never registered. `callerId: false` keeps a round at exactly
 * two NOTIFYs per subscriber (the simulated network sends an empty caller ID ~2 s into the call).
 * Country `au`: a ring is validated 200 ms after it starts, as in every profile, and ringing that
 * stops is noticed after 3 s instead of the US 6 s, which only shortens the rounds.
 */
export function writeBenchSite(dir: string, spec: BenchSiteSpec): BenchSiteFiles {
  const lineIds = Array.from({ length: spec.lines }, (_, i) => `line${i + 1}`);
  const board = {
    schema: 1, board: `bench-sim-${spec.lines}line`, description: `Simulated ${spec.lines} lines for bench/blf-bench.ts`, country: 'au',
    fxo: [{ id: 'sim', compatible: 'sim-fxo', channels: Object.fromEntries(lineIds.map((l, i) => [l, i])) }],
    panels: [],
    palette: { mine: 'green', other: 'red' }, blink: { hardwareFlash: null },
  };
  const boardPath = join(dir, 'bench-board.json');
  writeFileSync(boardPath, `${JSON.stringify(board, null, 1)}\n`);

  const appearances = `[${lineIds.map((l) => `{ line: ${l}, ring: false }`).join(', ')}]`;
  const yaml = [
    `site: { name: "BLF bench", domain: ${spec.domain} }`,
    'sip:',
    `  listen: { address: 127.0.0.1, port: ${spec.sipPort}, tcp: false }`,
    '  digest: [MD5]',
    'defaults: { line: { callerIdWait: 0, callerId: false } }',
    'lines:',
    ...lineIds.map((l) => `  - { id: ${l}, port: ${l}, label: ${l} }`),
    'stations:',
    ...Array.from({ length: spec.stations }, (_, i) =>
      `  - { id: ${stationId(i)}, kind: sip, password: "${stationPassword(i)}", lines: ${appearances} }`),
    '',
  ].join('\n');
  const configPath = join(dir, 'bench-site.yaml');
  writeFileSync(configPath, yaml);

  const usersPath = join(dir, 'users.csv');
  writeFileSync(usersPath, ['SEQUENTIAL', ...Array.from({ length: spec.stations }, (_, i) => `${stationId(i)};[authentication username=${stationId(i)} password=${stationPassword(i)}]`), ''].join('\n'));
  return { config: configPath, board: boardPath, users: usersPath };
}
