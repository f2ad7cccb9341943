/** keyline as RFC 3903 publisher of its lines' dialog-info (presence.md §3): what the composition root uses. */
export { PresenceService } from './PresenceService.js';
export type { PresenceServiceOptions } from './PresenceService.js';
export type { PresenceStatus } from './PresencePublisher.js';
export type { PresenceSettings, PresenceHop } from './PresenceSettings.js';
export { formatRecords, parseRecords } from './PublicationRecord.js';
export type { PublicationRecord, PublicationStore } from './PublicationRecord.js';
