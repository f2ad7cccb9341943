import { Core } from 'sip.js';
import type { Transport } from 'sip.js';

export interface TestCoreOptions {
  /** The user of the core's AOR and Contact (`sip:<user>@<host>`). */
  user: string;
  host: string;
  /**
   * Accept requests for any Request-URI user. sip.js answers 404 unless the user is the core's
   * own; the composition root lifts that for the LAN user agent, and this stands in for it by
   * presenting the Request-URI as the AOR while the core takes the request in.
   */
  anyRequestUri?: boolean;
  /** What the core does with requests outside its dialogs (e.g. a stray NOTIFY); sip.js's defaults when absent. */
  delegate?: Core.UserAgentCoreDelegate;
}

/**
 * A bare sip.js `UserAgentCore` on a transport, for in-process SIP tests (STYLE.md 11): what a
 * `UserAgent` would do with a message from the transport (parse, hand to the core), and nothing
 * else. Test support: production code builds its core in the composition root.
 */
export function testCore(transport: Transport, o: TestCoreOptions): Core.UserAgentCore {
  const loggerFactory = new Core.LoggerFactory();
  loggerFactory.builtinEnabled = false;
  const uri = new Core.URI('sip', o.user, o.host);
  const configuration: Core.UserAgentCoreConfiguration = {
    aor: uri,
    contact: { pubGruu: undefined, tempGruu: undefined, uri, toString: () => `<${uri.toString()}>` },
    displayName: '',
    loggerFactory,
    hackViaTcp: false,
    routeSet: [],
    sipjsId: `${o.user}-`,
    supportedOptionTags: [],
    supportedOptionTagsResponse: [],
    userAgentHeaderFieldValue: `keyline-test/${o.user}`,
    viaForceRport: false,
    viaHost: o.host,
    authenticationFactory: () => undefined,
    transportAccessor: () => transport,
  };
  const core = new Core.UserAgentCore(configuration, o.delegate);
  const logger = loggerFactory.getLogger('test.transport');
  transport.onMessage = (text) => {
    const m = Core.Parser.parseMessage(text, logger);
    if (m instanceof Core.IncomingResponseMessage) core.receiveIncomingResponseFromTransport(m);
    else if (m instanceof Core.IncomingRequestMessage) receive(core, m, o.anyRequestUri === true);
    else throw new Error(`testCore ${o.user}: unparsable message:\n${text}`);
  };
  return core;
}

function receive(core: Core.UserAgentCore, m: Core.IncomingRequestMessage, anyUser: boolean): void {
  const own = core.configuration.aor;
  if (anyUser && m.ruri) core.configuration.aor = m.ruri;
  try {
    core.receiveIncomingRequestFromTransport(m);
  } finally {
    core.configuration.aor = own;
  }
}
