import type { RefusalReason } from '../../core/effects.js';

/** The SIP final response for each refusal of sla.md §5.4. */
export function refusalStatus(reason: RefusalReason): { status: number; phrase: string } {
  switch (reason) {
    case 'no-appearance': return { status: 404, phrase: 'Not Found' };
    case 'no-line': return { status: 486, phrase: 'Busy Here' };
    case 'busy': return { status: 486, phrase: 'Busy Here' };
    case 'lost-race': return { status: 486, phrase: 'Busy Here' };
    case 'private': return { status: 403, phrase: 'Forbidden' };
    case 'unavailable': return { status: 480, phrase: 'Temporarily Unavailable' };
    case 'failed': return { status: 503, phrase: 'Service Unavailable' };
  }
}
