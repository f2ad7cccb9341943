/** The line conference: every participant hears the others, never itself. */
export { Conference } from './Conference.js';
export { ConferenceMember } from './ConferenceMember.js';
export type { ConferenceMemberOptions } from './ConferenceMember.js';
export type { InjectOptions } from './InjectOptions.js';
export { saturate } from './saturate.js';
