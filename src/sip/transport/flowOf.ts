import type { Core } from 'sip.js';
import type { Flow } from '../types.js';

/**
 * The flow each received message came on, kept beside the parsed sip.js message object (not in
 * a header, so nothing a peer sends can forge it). `createCoreReceiver` records it before the
 * message reaches the core; the registrar reads it with `flowOf(request.message)` to pin the
 * binding's flow. Entries live as long as the message object (WeakMap).
 */
const flows = new WeakMap<Core.IncomingMessage, Flow>();

/** Records `flow` for `message`; transports (and fake transports in tests) call this. */
export function rememberFlow(message: Core.IncomingMessage, flow: Flow): void {
  flows.set(message, Object.freeze({ ...flow }));
}

/**
 * The flow `message` arrived on. Throws (misuse) for a message that did not come through a
 * keyline transport, such as one a test parsed itself without `rememberFlow`.
 */
export function flowOf(message: Core.IncomingMessage): Flow {
  const flow = flows.get(message);
  if (!flow) throw new TypeError('flowOf: message did not come through a keyline transport (no flow recorded)');
  return flow;
}
