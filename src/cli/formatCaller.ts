import type { CallerId } from '../control/messages.js';

/** Caller ID for people: `5551234 "ALICE"`, `withheld` (P), `unavailable` (O), or `-`. */
export function formatCaller(callerId: CallerId | null | undefined): string {
  if (!callerId) return '-';
  if (callerId.withheld === 'P') return 'withheld';
  if (callerId.withheld === 'O') return 'unavailable';
  const parts = [callerId.number, callerId.name === undefined ? undefined : `"${callerId.name}"`].filter((part) => part);
  return parts.length > 0 ? parts.join(' ') : '-';
}
