/** The registrar of the site's SIP stations (RFC 3261 §10.3). */
export { Registrar } from './Registrar.js';
export type { RegisterAccount, RegistrarOptions, RegistrationListener, SavedBinding } from './Registrar.js';
export type { RegisterReply } from './RegisterReply.js';
