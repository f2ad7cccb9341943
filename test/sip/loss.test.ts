import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.js';
import { eventually, requireBuild } from '../support/ServiceProcess.js';
import { HAS_SIPP, peerMissing, runSipp } from '../support/Sipp.js';
import type { SippRun } from '../support/Sipp.js';
import { SipSite } from '../support/SipSite.js';
import { UdpLossRelay } from '../support/UdpLossRelay.js';
import type { RelayEvent } from '../support/UdpLossRelay.js';

/**
 * SIP over a lossy UDP path (RFC 3261 §17): a relay between a SIPp phone and the built service
 * drops 20 % of the datagrams each way, from a fixed seed. The phone registers through the relay,
 * so keyline pins the relay's address and port as the phone's flow (NodeTransport.pinFlow) and
 * sends its INVITE, ACK and BYE back through the relay too. Registration, ringing, answer and
 * hang-up must still complete: SIPp retransmits its REGISTERs (`retrans`) and its 200 until the
 * ACK; keyline's UDP transaction timers retransmit its INVITE and BYE and re-send its answers to
 * retransmitted requests; sip.js re-sends the ACK for a retransmitted 200.
 *
 * Each round has its own relay (seed + round) and phone port: a BYE whose 200 was lost is
 * retransmitted by keyline for up to 32 s (Timer F), after uas-answer.xml has exited, and must
 * not reach the next round's phone. The relay runs in this process, so this test never blocks
 * its event loop: the CLI is run asynchronously here, not with the harness's spawnSync.
 *
 * Known limit of the phone, not of keyline: uas-answer.xml does not absorb a retransmitted INVITE
 * once it has sent its 200 (SIPp aborts the call, "while expecting 'ACK'"), as a real UAS would
 * (RFC 6026 "Accepted"). With these seeds round 3 loses the 180 twice and the first 200, and its
 * retransmitted 200 reaches keyline at about 1.0 s, before keyline's next INVITE retransmission
 * (Timer A, 1.5 s); on a heavily loaded machine that order can flip and the round fails with
 * that SIPp message in the error.
 */
const skip = peerMissing('SIPp', HAS_SIPP);
const LOSS = 0.2;
const SEED = 0x1055_0020;
const ROUNDS = 4;
const sites: SipSite[] = [];
const relays: UdpLossRelay[] = [];
const runs: SippRun[] = [];

beforeAll(requireBuild);
afterEach(async () => {
  for (const r of runs.splice(0)) r.stop();
  for (const r of relays.splice(0)) await r.close();
  for (const s of sites.splice(0)) await s.kill();
});

/** `eventually`, with the wait's description first, as these rounds read best. */
const until = <T>(what: string, ms: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> => eventually(probe, what, ms);

const show = (events: RelayEvent[]) => events.map((e) => `${e.t} ${e.dir} ${e.dropped ? 'DROP' : 'pass'} ${e.line} (${e.method})`).join('\n');

interface Round {
  droppedToKeyline: number;
  droppedToPhone: number;
  register: number;
  inviteReachedPhone: number;
  answerReachedKeyline: number;
  connected: number;
  ackReachedPhone: number;
  byeReachedPhone: number;
  hangup: number;
}

describe.skipIf(skip !== null)(`SIP over a lossy UDP path (SIPp)${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it(`${LOSS * 100} % loss each way (seed ${SEED}), ${ROUNDS} rounds: register, ring, answer and hang up complete through retransmissions`, { timeout: 240_000 }, async () => {
    const site = await new SipSite([{ id: 'phone1', password: 'phone1-secret' }]).start();
    sites.push(site);
    const rounds: Round[] = [];
    const all: RelayEvent[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      const phonePort = await freePort();
      const relay = await UdpLossRelay.start({ server: { address: '127.0.0.1', port: site.sipPort }, phone: { address: '127.0.0.1', port: phonePort }, loss: LOSS, seed: SEED + round });
      relays.push(relay);
      const sipp = (scenario: string, toRelay: boolean) => {
        const run = runSipp({ scenario, port: phonePort, dir: site.dir, ...(toRelay ? { target: relay.port } : {}), timeoutMs: 45_000, vars: { user: 'phone1', password: 'phone1-secret' } });
        runs.push(run);
        return run;
      };
      const trace = () => `round ${round}:\n${show(relay.events)}`;

      // 1. Registration through the relay: keyline pins the relay's server side as phone1's flow.
      let t = relay.now();
      const reg = await sipp('register.xml', true).done;
      expect(reg.code, `${reg.errors}\n${trace()}`).toBe(0);
      const register = relay.now() - t;
      const binding = await until('the registration', 10_000, async () => (await site.statusAsync()).sip?.registrations.find((r) => r.station === 'phone1' && r.contact.endsWith(`:${phonePort}`)));
      expect(binding.contact).toBe(`sip:phone1@127.0.0.1:${phonePort}`);
      expect(binding.flow).toEqual({ proto: 'UDP', address: '127.0.0.1', port: relay.serverSidePort });

      // 2. keyline rings phone1: its INVITE goes to the pinned flow, i.e. through the relay.
      const uas = sipp('uas-answer.xml', false);
      await new Promise((r) => setTimeout(r, 300)); // SIPp binds its port
      t = relay.now();
      expect((await site.cliAsync('sim', 'ring', 'line1')).code).toBe(0);
      await until(`round ${round}: phone1 answering line1`, 40_000, async () => {
        const l = (await site.statusAsync()).lines.find((x) => x.id === 'line1');
        return l?.state === 'connected' && l.call?.connected.includes('phone1') ? l : undefined;
      }).catch(async (e: unknown) => {
        uas.stop();
        throw new Error(`${String(e)}\nSIPp: ${(await uas.done).errors.slice(0, 600)}\n${trace()}`);
      });
      const connected = relay.now() - t;
      const invite = relay.first('toPhone', /^INVITE /, { from: t, delivered: true });
      // A provisional or the 200 itself, whichever got through first (a lost 180 is not retransmitted).
      const answer = relay.events.find((e) => e.t >= t && e.dir === 'toServer' && e.method === 'INVITE' && !e.dropped);
      expect(invite, trace()).toBeDefined();
      expect(answer, trace()).toBeDefined();
      // The call is up on both sides once the phone has an ACK (re-sent by keyline for each 200 it
      // gets again); uas-answer.xml takes nothing before it, so the far end hangs up after that.
      const ack = await until(`round ${round}: an ACK reaching phone1`, 20_000, () => relay.first('toPhone', /^ACK /, { from: t, delivered: true }))
        .catch((e: unknown) => {
          throw new Error(`${String(e)}\n${trace()}`);
        });

      // 3. The far end hangs up: keyline's BYE reaches the phone (retransmitted if need be).
      const tHangup = relay.now();
      expect((await site.cliAsync('sim', 'hangup', 'line1')).code).toBe(0);
      const done = await uas.done;
      expect(done.code, `${done.errors || done.messages.slice(-3000)}\n${trace()}`).toBe(0);
      expect(done.messages).toMatch(/INVITE sip:phone1@127\.0\.0\.1:\d+ SIP\/2\.0/);
      expect(done.messages).toMatch(/BYE sip:phone1@/);
      await until(`round ${round}: line1 idle, phone1 without legs`, 40_000, async () => {
        const st = await site.statusAsync();
        return st.lines.find((x) => x.id === 'line1')?.state === 'idle' && !st.sip?.legs.some((l) => l.station === 'phone1') ? true : undefined;
      });
      const bye = relay.first('toPhone', /^BYE /, { from: tHangup, delivered: true });
      expect(bye, trace()).toBeDefined();

      // Every request keyline sent the phone went through the relay: the pinned flow at work.
      const requests = new Set(relay.events.filter((e) => e.dir === 'toPhone' && !e.line.startsWith('SIP/2.0')).map((e) => e.line.split(' ')[0]));
      expect(requests).toEqual(new Set(['INVITE', 'ACK', 'BYE']));
      const c = relay.counts();
      rounds.push({
        droppedToKeyline: c.toServer.dropped, droppedToPhone: c.toPhone.dropped, register,
        inviteReachedPhone: (invite?.t ?? 0) - t, answerReachedKeyline: (answer?.t ?? 0) - t, connected, ackReachedPhone: ack.t - t,
        byeReachedPhone: (bye?.t ?? 0) - tHangup, hangup: relay.now() - tHangup,
      });
      all.push(...relay.events);
    }

    // The seeds drop datagrams both ways, or this would prove nothing.
    const dropped = (dir: RelayEvent['dir']) => all.filter((e) => e.dir === dir && e.dropped).length;
    const total = (dir: RelayEvent['dir']) => all.filter((e) => e.dir === dir).length;
    expect(dropped('toServer')).toBeGreaterThan(0);
    expect(dropped('toPhone')).toBeGreaterThan(0);
    console.log(`loss ${LOSS * 100} % (seeds ${SEED}+round): to keyline ${dropped('toServer')} of ${total('toServer')} datagrams dropped, `
      + `to the phone ${dropped('toPhone')} of ${total('toPhone')}\n${rounds.map((r, i) => `round ${i + 1} (ms): ${JSON.stringify(r)}`).join('\n')}\n`
      + `dropped: ${all.filter((e) => e.dropped).map((e) => `${e.dir} ${e.line.startsWith('SIP/2.0') ? `${e.line.split(' ')[1]} ${e.method}` : e.line.split(' ')[0]}`).join(', ')}`);
  });
});
