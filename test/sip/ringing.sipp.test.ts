import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { requireBuild } from '../support/ServiceProcess.js';
import { HAS_SIPP, peerMissing, runSipp } from '../support/Sipp.js';
import { SipSite } from '../support/SipSite.js';

const skip = peerMissing('SIPp', HAS_SIPP);
const sites: SipSite[] = [];

beforeAll(requireBuild);
afterEach(async () => {
  for (const s of sites.splice(0)) await s.kill();
});

describe.skipIf(skip !== null)(`SIP phones ring and answer (SIPp)${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it('a phone registers with digest, rings for line1, answers; the far end hangs up and keyline sends BYE', async () => {
    const site = await new SipSite([{ id: 'phone1', password: 'phone1-secret' }]).start();
    sites.push(site);
    const port = await freePort();
    const reg = await runSipp({ scenario: 'register.xml', target: site.sipPort, port, dir: site.dir, vars: { user: 'phone1', password: 'phone1-secret' } }).done;
    expect(reg.code, reg.errors).toBe(0);
    await site.until((s) => (s.sip?.registrations.some((r) => r.station === 'phone1') ? true : undefined), 'the registration');

    const uas = runSipp({ scenario: 'uas-answer.xml', port, dir: site.dir, vars: { user: 'phone1' } });
    expect(site.cli('sim', 'ring', 'line1', '--number', '5551234', '--name', 'DOE JOHN').code).toBe(0);
    const line = await site.until((s) => {
      const l = s.lines.find((x) => x.id === 'line1');
      return l?.state === 'connected' && l.hook === 'off' ? l : undefined;
    }, 'phone1 answering line1');
    expect(line.call?.connected).toEqual(['phone1']);
    expect(site.cli('sim', 'hangup', 'line1').code).toBe(0);
    const done = await uas.done;
    expect(done.code, done.errors || done.messages.slice(-2000)).toBe(0);
    expect(done.messages).toMatch(/INVITE sip:phone1@127\.0\.0\.1:\d+ SIP\/2\.0[\s\S]*From: "Main" <sip:line1@test\.keyline\.invalid>/);
    expect(done.messages).toMatch(/Alert-Info: <urn:x-keyline:line:line1>;info=keyline-line1/);
    expect(done.messages).toMatch(/BYE sip:phone1@/);
  });
});
