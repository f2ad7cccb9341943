/** keyline's upstream presence: RFC 3903 publisher of its lines, RFC 6665 subscriber to remote lines (presence.md §3, §4). */
export { PresenceService } from './PresenceService.js';
export type { PresenceLinkStatus, PresenceServiceOptions } from './PresenceService.js';
export type { RemoteLineDef, RemoteLineStatus } from './PresenceSubscriber.js';
export type { RemoteLineState } from './remoteLineState.js';
export type { PresenceStatus } from './PresencePublisher.js';
export type { PresenceSettings, PresenceHop } from './PresenceSettings.js';
export { formatRecords, parseRecords } from './PublicationRecord.js';
export type { PublicationRecord, PublicationStore } from './PublicationRecord.js';
export { remoteLinesView } from './remoteLinesView.js';
export type { RemoteLineSource } from './remoteLinesView.js';
