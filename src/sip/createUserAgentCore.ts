import { randomBytes } from 'node:crypto';
import { Core, Grammar, URI } from 'sip.js';
import { assertSipjsInternals, patchBranchIds, patchRequestUriCheck, patchWildcardContact, sipjsGrammarPatched } from './sipjsPatches.js';
import { createCoreReceiver } from './transport/createCoreReceiver.js';
import { flowOf } from './transport/flowOf.js';
import type { HostResolver } from './transport/HostResolver.js';
import { NodeTransport } from './transport/NodeTransport.js';
import { RateLimitedLog } from './transport/RateLimitedLog.js';
import { sipLoggerFactory } from './transport/sipLoggerFactory.js';
import type { UdpTimerSettings } from './transport/UdpTimerSettings.js';
import type { Flow, SipClock, SipListen, SipLog } from './types.js';

export interface CreateUserAgentCoreOptions {
  listen: SipListen;
  clock: SipClock;
  log: SipLog;
  /** keyline's version, for `User-Agent: keyline/<version>`. */
  version: string;
  /** The caller's handlers (onInvite, onRegister, onSubscribe, ...); unset methods get sip.js defaults. */
  delegate?: Core.UserAgentCoreDelegate;
  /** User part of our AOR and Contact (default `keyline`). */
  user?: string;
  /** Our AOR (default `sip:<user>@<advertisedHost>`). */
  aor?: string;
  /**
   * Request-URI hosts this core serves, besides `advertisedHost` and a specific listen address:
   * e.g. the site domain. A request for any user at one of them is accepted (patch (a)).
   */
  domains?: readonly string[];
  /** Supported option tags for our requests and responses (default none; never `outbound`). */
  supportedOptionTags?: readonly string[];
  /** Digest credentials for challenges to our requests (the upstream presence server). */
  credentials?: { username: string; password: string };
  resolver?: HostResolver;
  timers?: Partial<UdpTimerSettings>;
  /** Log component prefix (default `sip`): lines go to `<c>.transport`, `<c>.core`, `<c>.sipjs`. */
  component?: string;
  /**
   * Called for every request before it is parsed: false drops it unanswered. A flood from an
   * address the authenticator has blocked then costs no parsing and no transaction state.
   */
  admitRequest?: (flow: Flow) => boolean;
}

export interface UserAgentCoreHandle {
  core: Core.UserAgentCore;
  transport: NodeTransport;
  /** The flow a request reached this core on (see transport/flowOf.ts). */
  flowOf(message: Core.IncomingMessage): Flow;
  /** Disposes the core (its transactions and dialogs) and closes the transport. */
  close(): Promise<void>;
}

/**
 * Builds a sip.js `Core.UserAgentCore` (not the high-level UserAgent: keyline is a server) on a
 * listening `NodeTransport`, with the patches of `sipjsPatches.ts` applied. Rejects when sip.js
 * is not the version the patches were written for, or when the port cannot be bound.
 */
export async function createUserAgentCore(options: CreateUserAgentCoreOptions): Promise<UserAgentCoreHandle> {
  assertSipjsInternals();
  patchBranchIds();
  patchWildcardContact();
  if (!sipjsGrammarPatched()) {
    options.log.log('warning', options.component ?? 'sip', { event: 'sipjs-grammar-unpatched', effect: 'SIP parsing 5x slower', fix: 'node scripts/patch-sipjs-grammar.mjs' });
  }
  const { listen, log } = options;
  const component = options.component ?? 'sip';
  const user = options.user ?? 'keyline';
  const aorText = options.aor ?? `sip:${user}@${listen.advertisedHost}`;
  const aor = parseUri(aorText, 'aor');
  const transport = new NodeTransport({
    listen, clock: options.clock, log, component: `${component}.transport`, resolver: options.resolver, timers: options.timers,
  });
  const local = await transport.listen();
  const loggerFactory = sipLoggerFactory(log, `${component}.sipjs`);
  const contactUri = new URI('sip', user, local.host, local.port);
  const tags = [...(options.supportedOptionTags ?? [])].filter((t) => t !== 'outbound');
  const credentials = options.credentials;
  const configuration: Core.UserAgentCoreConfiguration = {
    aor,
    contact: { pubGruu: undefined, tempGruu: undefined, uri: contactUri, toString: () => `<${contactUri.toString()}>` },
    displayName: '',
    loggerFactory,
    hackViaTcp: false,
    routeSet: [],
    sipjsId: randomBytes(4).toString('hex').slice(0, 5),
    supportedOptionTags: tags,
    supportedOptionTagsResponse: tags.slice(),
    userAgentHeaderFieldValue: `keyline/${options.version}`,
    viaForceRport: true,
    viaHost: local.host,
    authenticationFactory: () =>
      credentials ? new Core.DigestAuthentication(loggerFactory, undefined, credentials.username, credentials.password) : undefined,
    transportAccessor: () => transport,
  };
  const core = new Core.UserAgentCore(configuration, options.delegate ?? {});
  const hosts = new Set([local.host, ...(listen.address === '0.0.0.0' ? [] : [listen.address]), ...(options.domains ?? [])].map((h) => h.toLowerCase()));
  patchRequestUriCheck(core, (ruri) => hosts.has(ruri.host.toLowerCase()));
  const receive = createCoreReceiver(core, new RateLimitedLog(log, options.clock, `${component}.core`));
  const admit = options.admitRequest;
  transport.onMessage = admit ? (text, flow) => (text.startsWith('SIP/2.0') || admit(flow) ? receive(text, flow) : undefined) : receive;
  let closing: Promise<void> | undefined;
  return {
    core,
    transport,
    flowOf,
    close: () => (closing ??= (async () => {
      transport.onMessage = undefined;
      core.dispose();
      await transport.close();
    })()),
  };
}

function parseUri(text: string, name: string): URI {
  const uri = Grammar.URIParse(text);
  if (!uri) throw new TypeError(`${name} must be a SIP URI, got "${text}"`);
  return uri;
}
