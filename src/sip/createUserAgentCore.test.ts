import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from 'sip.js';
import { sendRequest, startCore } from './transport/testing/corePair.js';
import { LossyUdpRelay } from './transport/testing/LossyUdpRelay.js';
import { waitFor } from './transport/testing/peers.js';
import { realClock } from '../../test/fakes/realClock.js';
import type { Flow } from './types.js';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** Small RFC timers so that retransmission tests finish in well under a second. */
const timers = { t1: 40, t2: 160, t4: 200, timerD: 400 };

async function pair(delegateB: Core.UserAgentCoreDelegate = {}) {
  const a = await startCore('alice', realClock, { timers });
  open.push(a);
  const b = await startCore('bob', realClock, { timers, delegate: delegateB });
  open.push(b);
  return { a, b };
}

describe('createUserAgentCore: two cores on 127.0.0.1', () => {
  it('builds a core whose Contact carries the bound port and whose User-Agent is keyline/<version>', async () => {
    const { a } = await pair();
    expect(a.core.configuration.contact.toString()).toBe(`<sip:alice@127.0.0.1:${a.transport.local.port}>`);
    expect(a.core.configuration.userAgentHeaderFieldValue).toBe('keyline/0.0.0-test');
    expect(a.core.configuration.supportedOptionTags).not.toContain('outbound');
  });

  it.each(['udp', 'tcp'])('OPTIONS to any user at the peer is answered 200 over %s', async (transport) => {
    const { a, b } = await pair();
    const outcome = await sendRequest(a, 'OPTIONS', `sip:somebody@127.0.0.1:${b.transport.local.port};transport=${transport}`);
    expect(outcome.status).toBe(200);
  });

  it.each(['udp', 'tcp'])('MESSAGE over %s reaches the delegate with its flow and is answered 200', async (transport) => {
    const flows: Flow[] = [];
    const { a, b } = await pair({
      onMessage: (m) => {
        flows.push(b.flowOf(m.message));
        m.accept();
      },
    });
    const outcome = await sendRequest(a, 'MESSAGE', `sip:bob@127.0.0.1:${b.transport.local.port};transport=${transport}`, { body: 'hi' });
    expect(outcome.status).toBe(200);
    expect(flows).toEqual([{ proto: transport.toUpperCase(), address: '127.0.0.1', port: expect.any(Number) }]);
    if (transport === 'udp') expect(flows[0]?.port).toBe(a.transport.local.port);
  });

  it('an INVITE rejected 486 over UDP is ACKed: Timer G stops and both sides forget the transaction', async () => {
    let invites = 0;
    const { a, b } = await pair({
      onInvite: (uas) => {
        invites++;
        uas.reject({ statusCode: 486 });
      },
    });
    const contact = `Contact: ${a.core.configuration.contact.toString()}`;
    const outcome = await sendRequest(a, 'INVITE', `sip:bob@127.0.0.1:${b.transport.local.port}`, { extraHeaders: [contact] });
    expect(outcome.status).toBe(486);
    const answeredAt = Date.now();
    await waitFor(() => b.transport.stats.records === 0, 3000, 'server transaction forgotten');
    // Gone by Timer I after the ACK (T4), well before Timer H (64*T1) would have ended it unACKed.
    expect(Date.now() - answeredAt).toBeLessThan(64 * timers.t1);
    await waitFor(() => a.transport.stats.records === 0, 3000, 'client transaction forgotten (Timer D)');
    expect(invites).toBe(1);
  });
});

describe('createUserAgentCore: UDP reliability through a lossy relay', () => {
  it('a MESSAGE whose every second datagram is lost completes by retransmission, and the server answers duplicates from its cache', async () => {
    let delivered = 0;
    const { a, b } = await pair({
      onMessage: (m) => {
        delivered++;
        m.accept();
      },
    });
    const odd = (n: number) => n % 2 === 1;
    const relay = await LossyUdpRelay.open(b.transport.local.port, { request: odd, response: odd });
    open.push(relay);
    const outcome = await sendRequest(a, 'MESSAGE', `sip:bob@127.0.0.1:${relay.port}`, { body: 'lossy' });
    expect(outcome.status).toBe(200);
    expect(delivered).toBe(1);
    expect(relay.dropped).toEqual(['-> MESSAGE sip:bob@127.0.0.1:' + relay.port + ' SIP/2.0', '<- SIP/2.0 200 OK', '-> MESSAGE sip:bob@127.0.0.1:' + relay.port + ' SIP/2.0']);
    expect(b.log.events('retransmit').map((f) => f['why'])).toContain('MESSAGE retransmission answered');
  });
});
