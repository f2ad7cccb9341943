import { Core } from 'sip.js';
import type { Transport } from 'sip.js';

/**
 * A bare sip.js core for the publisher's side of an in-process test, with digest credentials for
 * challenges as the composition root gives the upstream user agent. Test support.
 */
export function publisherCore(transport: Transport, credentials?: { username: string; password: string }): Core.UserAgentCore {
  const loggerFactory = new Core.LoggerFactory();
  loggerFactory.builtinEnabled = false;
  const uri = new Core.URI('sip', 'keyline', 'branch7.example.net');
  const core = new Core.UserAgentCore({
    aor: uri,
    contact: { pubGruu: undefined, tempGruu: undefined, uri, toString: () => `<${uri.toString()}>` },
    displayName: '',
    loggerFactory,
    hackViaTcp: false,
    routeSet: [],
    sipjsId: 'pub-',
    supportedOptionTags: [],
    supportedOptionTagsResponse: [],
    userAgentHeaderFieldValue: 'keyline-test/publisher',
    viaForceRport: false,
    viaHost: 'publisher.invalid',
    authenticationFactory: () => (credentials ? new Core.DigestAuthentication(loggerFactory, undefined, credentials.username, credentials.password) : undefined),
    transportAccessor: () => transport,
  });
  const logger = loggerFactory.getLogger('test.transport');
  transport.onMessage = (text) => {
    const m = Core.Parser.parseMessage(text, logger);
    if (m instanceof Core.IncomingResponseMessage) core.receiveIncomingResponseFromTransport(m);
  };
  return core;
}
