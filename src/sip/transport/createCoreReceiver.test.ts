import { describe, expect, it } from 'vitest';
import { Core, URI } from 'sip.js';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import type { Flow } from '../types.js';
import { createCoreReceiver } from './createCoreReceiver.js';
import { flowOf } from './flowOf.js';
import { RateLimitedLog } from './RateLimitedLog.js';
import { RecordingLog } from './testing/recordingLog.js';
import { request, responseTo } from './testing/sipText.js';

const flow: Flow = { proto: 'UDP', address: '127.0.0.1', port: 5999 };

function rig(delegate: Core.UserAgentCoreDelegate = {}) {
  const sent: string[] = [];
  const transport: Core.Transport = { protocol: 'UDP', send: async (m) => void sent.push(m) };
  const loggerFactory = new Core.LoggerFactory();
  loggerFactory.builtinEnabled = false;
  const aor = new URI('sip', 'keyline', '127.0.0.1');
  const core = new Core.UserAgentCore({
    aor, contact: { pubGruu: undefined, tempGruu: undefined, uri: aor, toString: () => `<${aor.toString()}>` }, displayName: '',
    loggerFactory, hackViaTcp: false, routeSet: [], sipjsId: 'kl123', supportedOptionTags: [], supportedOptionTagsResponse: [],
    userAgentHeaderFieldValue: 'test', viaForceRport: false, viaHost: '127.0.0.1', authenticationFactory: () => undefined,
    transportAccessor: () => transport,
  }, delegate);
  const log = new RecordingLog();
  const receive = createCoreReceiver(core, new RateLimitedLog(log, new SimulatedClock(), 'sip.core'));
  return { core, sent, log, receive, status: () => sent.map((s) => s.split('\r\n')[0]) };
}

describe('createCoreReceiver', () => {
  it('hands a request to the core with its flow recorded', () => {
    const flows: Flow[] = [];
    const { receive } = rig({ onMessage: (m) => (flows.push(flowOf(m.message)), m.accept()) });
    receive(request({ method: 'MESSAGE', body: 'hi' }), flow);
    expect(flows).toEqual([flow]);
  });

  it('answers 400 to a request whose body is shorter than its Content-Length, and 482 to our own request', () => {
    const { receive, status } = rig();
    receive(request({ method: 'MESSAGE', body: 'hi' }).replace('Content-Length: 2', 'Content-Length: 20'), flow);
    receive(request({ callId: 'kl123-loop' }), flow);
    expect(status()).toEqual(['SIP/2.0 400 Content-Length Mismatch', 'SIP/2.0 482 Loop Detected']);
  });

  it('drops messages missing a mandatory field, logged, without an answer', () => {
    const { receive, sent, log } = rig();
    receive(request().replace(/^From: .*\r\n/m, ''), flow);
    receive(request().replace(/^Call-ID: .*\r\n/m, ''), flow);
    receive(request().replace(/^CSeq: .*\r\n/m, 'CSeq: x\r\n'), flow);
    expect(sent).toEqual([]);
    expect(log.events('drop').length).toBeGreaterThan(0);
  });

  it('catches what the delegate or sip.js throws', () => {
    const { receive, log } = rig({
      onMessage: () => {
        throw new Error('delegate bug');
      },
    });
    expect(() => receive(request({ method: 'MESSAGE' }), flow)).not.toThrow();
    expect(log.events('sipjs-failed')[0]?.['error']).toBe('delegate bug');
  });

  it('passes responses on and drops a response whose body is short', () => {
    const { receive, log } = rig();
    receive(responseTo(request(), 200), flow);
    receive(responseTo(request(), 200).replace('Content-Length: 0', 'Content-Length: 5'), flow);
    expect(log.events('drop').map((f) => f['reason'])).toEqual(['response body shorter than Content-Length']);
  });
});
