import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prng } from '../../../test/support/prng.js';
import { buildSdp } from './buildSdp.js';
import { holdStateOf } from './holdStateOf.js';
import { answerOffer } from './negotiate.js';
import { acceptAnswer, createOffer } from './offerer.js';
import { parseSdp } from './parseSdp.js';
import { SdpError } from './SdpError.js';

const DIR = fileURLToPath(new URL('../../../test/fixtures/sdp/', import.meta.url));
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.sdp')).map((f) => readFileSync(`${DIR}${f}`, 'utf8'));

type Rng = ReturnType<typeof prng>;

const TOKENS = ['', ' ', '0', '-1', '65536', '99999999999999999999', '128', 'x', '/', ':', '=', '\0', '\r', '\n', '\t',
  '0.0.0.0', 'IP6', 'IN', 'RTP/AVP', 'a=', 'm=', 'c=', 'v=0', 'é', '\u{1F4DE}', 'sendonly', 'inactive', 'telephone-event/8000'];

/** One random edit of an SDP text: line-level (drop, duplicate, swap, splice) or character-level. */
function mutate(text: string, r: Rng): string {
  const lines = text.split('\r\n');
  const at = r.int(lines.length);
  switch (r.int(8)) {
    case 0: lines.splice(at, 1); return lines.join('\r\n');
    case 1: lines.splice(at, 0, lines[r.int(lines.length)] ?? ''); return lines.join('\r\n');
    case 2: { const b = r.int(lines.length); [lines[at], lines[b]] = [lines[b] ?? '', lines[at] ?? '']; return lines.join('\r\n'); }
    case 3: return text.slice(0, r.int(text.length + 1));
    case 4: { const i = r.int(text.length + 1); return text.slice(0, i) + r.pick(TOKENS) + text.slice(i); }
    case 5: { const i = r.int(text.length); return text.slice(0, i) + String.fromCharCode(r.int(0x250)) + text.slice(i + 1); }
    case 6: {
      const fields = (lines[at] ?? '').split(' ');
      fields[r.int(fields.length)] = r.pick(TOKENS);
      lines[at] = fields.join(' ');
      return lines.join('\r\n');
    }
    default: {
      const other = r.pick(fixtures).split('\r\n');
      lines.splice(at, 0, ...other.slice(r.int(other.length), r.int(other.length + 1)));
      return lines.join(r.int(2) === 0 ? '\r\n' : '\n');
    }
  }
}

describe('parseSdp under random mutations of phone SDP (seeded, replayable)', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: only SdpError, and whatever parses negotiates without throwing', (seed) => {
    const r = prng(seed);
    const offer = createOffer({ address: '10.0.0.1', port: 40000 });
    let parsed = 0;
    for (let i = 0; i < 600; i += 1) {
      let text = r.pick(fixtures);
      for (let n = 1 + r.int(4); n > 0; n -= 1) text = mutate(text, r);
      let sdp;
      try {
        sdp = parseSdp(text);
      } catch (e) {
        if (!(e instanceof SdpError)) throw new Error(`seed ${seed} case ${i}: ${String(e)}\n${JSON.stringify(text)}`);
        expect(e.code).toMatch(/^[a-z-]+$/);
        continue;
      }
      parsed += 1;
      holdStateOf(sdp);
      acceptAnswer(offer, sdp);
      const result = answerOffer(sdp, { address: '10.0.0.1', port: 40000 });
      // keyline's answer to anything it accepted is itself valid SDP with as many streams.
      expect(parseSdp(buildSdp(result.answer, { sessionId: '1', version: 1 })).media.length).toBe(sdp.media.length);
    }
    // The mutations are mild enough that many still parse: both paths are exercised.
    expect(parsed).toBeGreaterThan(50);
  });
});
