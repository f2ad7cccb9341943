import { Core, URI } from 'sip.js';
import { createUserAgentCore } from '../../createUserAgentCore.js';
import type { CreateUserAgentCoreOptions, UserAgentCoreHandle } from '../../createUserAgentCore.js';
import type { SipClock } from '../../types.js';
import { RecordingLog } from './recordingLog.js';

/** Test-only helpers for end-to-end tests of `createUserAgentCore` on 127.0.0.1. */

export async function startCore(name: string, clock: SipClock, o: Partial<CreateUserAgentCoreOptions> = {}): Promise<UserAgentCoreHandle & { log: RecordingLog }> {
  const log = new RecordingLog();
  const handle = await createUserAgentCore({
    listen: { address: '127.0.0.1', port: 0, advertisedHost: '127.0.0.1', tcp: true },
    clock, log, version: '0.0.0-test', user: name, ...o,
  });
  return { ...handle, log };
}

export interface Outcome {
  status: number;
  response: Core.IncomingResponseMessage;
}

/** Sends `method` from `from` to `ruri`; resolves with the final status (sip.js makes a timeout 408, a transport error 503). */
export function sendRequest(from: UserAgentCoreHandle, method: string, ruri: string, o: { body?: string; extraHeaders?: string[] } = {}): Promise<Outcome> {
  const target = Core.Grammar.URIParse(ruri);
  if (!target) throw new Error(`bad URI ${ruri}`);
  const { core } = from;
  const body = o.body === undefined ? undefined : { contentDisposition: 'render', contentType: 'text/plain', content: o.body };
  const message = core.makeOutgoingRequestMessage(method, target, core.configuration.aor, new URI('sip', target.user ?? 'x', target.host), {}, o.extraHeaders, body);
  return new Promise((resolve) => {
    const delegate: Core.OutgoingRequestDelegate = {
      onAccept: (r) => resolve({ status: r.message.statusCode ?? 0, response: r.message }),
      onReject: (r) => resolve({ status: r.message.statusCode ?? 0, response: r.message }),
    };
    if (method === 'INVITE') core.invite(message, delegate);
    else core.request(message, delegate);
  });
}
