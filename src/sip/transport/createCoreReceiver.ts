import { Core } from 'sip.js';
import type { Flow } from '../types.js';
import { rememberFlow } from './flowOf.js';
import type { RateLimitedLog } from './RateLimitedLog.js';

/**
 * The glue from `NodeTransport.onMessage` to a `Core.UserAgentCore`: what sip.js's high-level
 * UserAgent does in `onTransportMessage` (api/user-agent.js), which keyline does not use. It
 * parses with sip.js's parser, applies the same sanity checks (mandatory headers; a request whose
 * body is shorter than its Content-Length gets 400; a request from this very core gets 482),
 * records the message's flow (`flowOf`) and hands it to the core.
 * Every exception from sip.js's parser, transaction layer or the delegate is caught and logged:
 * the returned function MUST NOT throw.
 */
export function createCoreReceiver(core: Core.UserAgentCore, notes: RateLimitedLog): (text: string, flow: Flow) => void {
  const parserLogger = core.loggerFactory.getLogger('sip.parser');
  return (text, flow) => {
    const from = `${flow.proto} ${flow.address}:${flow.port}`;
    let message: Core.IncomingRequestMessage | Core.IncomingResponseMessage | undefined;
    try {
      message = Core.Parser.parseMessage(text, parserLogger);
    } catch (error) {
      return notes.note('warning', 'drop', { reason: `sip.js parser threw: ${errorText(error)}`, from });
    }
    if (!message) return notes.note('warning', 'drop', { reason: 'sip.js parser failed', from });
    const missing = missingField(message);
    if (missing) return notes.note('warning', 'drop', { reason: `missing or invalid ${missing}`, from });
    rememberFlow(message, flow);
    const bodyShort = Buffer.byteLength(message.body, 'utf8') < Number(message.getHeader('content-length') ?? 0);
    try {
      if (message instanceof Core.IncomingRequestMessage) {
        if (!message.toTag && message.callId.startsWith(core.configuration.sipjsId) && core.configuration.sipjsId !== '') {
          core.replyStateless(message, { statusCode: 482 });
        } else if (bodyShort) {
          core.replyStateless(message, { statusCode: 400, reasonPhrase: 'Content-Length Mismatch' });
        } else {
          core.receiveIncomingRequestFromTransport(message);
        }
      } else if (bodyShort) {
        notes.note('warning', 'drop', { reason: 'response body shorter than Content-Length', from });
      } else {
        core.receiveIncomingResponseFromTransport(message);
      }
    } catch (error) {
      notes.note('error', 'sipjs-failed', { error: errorText(error), from, line: text.slice(0, Math.max(0, text.indexOf('\r\n'))) });
    }
  };
}

/** The first mandatory field (RFC 3261 §8.1.1) sip.js could not parse, if any. */
function missingField(m: Core.IncomingRequestMessage | Core.IncomingResponseMessage): string | undefined {
  if (!m.from) return 'From';
  if (!m.to) return 'To';
  if (!m.callId) return 'Call-ID';
  if (!Number.isInteger(m.cseq) || !m.method) return 'CSeq';
  if (!m.via || !m.viaBranch) return 'Via branch';
  if (m instanceof Core.IncomingRequestMessage && !m.ruri) return 'Request-URI';
  return undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
