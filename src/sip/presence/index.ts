/** keyline's upstream presence: RFC 3903 publisher of its lines, RFC 6665 subscriber to remote lines (presence.md §3, §4). */
export { PresenceService } from './PresenceService.js';
export type { PresenceLinkStatus } from './PresenceService.js';
export { formatRecords, parseRecords } from './PublicationRecord.js';
export type { PublicationStore } from './PublicationRecord.js';
export { remoteLinesView } from './remoteLinesView.js';
