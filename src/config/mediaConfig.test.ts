import { describe, expect, it } from 'vitest';
import { parseConfig } from './parseConfig.js';
import { rejectedIssues } from './rejectedIssues.js';

function rejected(text: string): string[] {
  return rejectedIssues(() => parseConfig(text, '/etc/keyline/site.yaml'));
}

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
const STATIONS = 'stations: [{ id: desk, kind: sim, lines: [l1] }]';

describe('the media: section', () => {
  it('resolves the RTP range and music files beside the configuration', () => {
    const loaded = parseConfig(yaml(
      'lines: [{ id: l1, port: p1, musicOnHold: lobby }]', STATIONS,
      'media:', '  rtpPorts: { min: 20000, max: 20099 }', '  musicOnHold: { lobby: music/lobby.wav, default: /srv/hold.wav }',
    ), '/etc/keyline/site.yaml');
    expect(loaded.media).toEqual({
      rtpPorts: { min: 20000, max: 20099 },
      musicOnHold: { lobby: '/etc/keyline/music/lobby.wav', default: '/srv/hold.wav' },
    });
    expect(loaded.system.lines[0]?.options.musicOnHold).toBe('lobby');
  });

  it('has defaults when absent: the service picks the range, the bundled tune plays', () => {
    const loaded = parseConfig(yaml('lines: [{ id: l1, port: p1 }]', STATIONS), '/etc/keyline/site.yaml');
    expect(loaded.media).toEqual({ rtpPorts: null, musicOnHold: {} });
  });

  it('names an undeclared music source with its line and column', () => {
    expect(rejected(yaml('lines: [{ id: l1, port: p1, musicOnHold: jazz }]', STATIONS))).toEqual([
      '/etc/keyline/site.yaml:1:42: lines[0].musicOnHold: music-on-hold source "jazz" is not declared under media.musicOnHold (known: default, none)',
    ]);
  });

  it('refuses an RTP range without a usable port pair, a privileged port and unknown keys', () => {
    expect(rejected(yaml('lines: [{ id: l1, port: p1 }]', STATIONS, 'media: { rtpPorts: { min: 20001, max: 20002 } }'))).toEqual([
      expect.stringMatching(/^\/etc\/keyline\/site\.yaml:3:\d+: media\.rtpPorts\.max: rtpPorts 20001-20002 holds no even RTP port/),
    ]);
    expect(rejected(yaml('lines: [{ id: l1, port: p1 }]', STATIONS, 'media: { rtpPorts: { min: 80, max: 90 } }'))[0]).toMatch(/media\.rtpPorts\.min: RTP ports start at 1024/);
    expect(rejected(yaml('lines: [{ id: l1, port: p1 }]', STATIONS, 'media: { codec: opus }'))[0]).toMatch(/media.*codec/);
  });
});
