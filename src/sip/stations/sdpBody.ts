import type { Core } from 'sip.js';

export function sdpBody(content: string): Core.Body {
  return { contentDisposition: 'session', contentType: 'application/sdp', content };
}

/** The SDP of a message, if it carries one. */
export function sdpOf(message: { body: string; getHeader(name: string): string | undefined }): string | undefined {
  const type = message.getHeader('content-type') ?? '';
  return message.body && /application\/sdp/i.test(type) ? message.body : undefined;
}
