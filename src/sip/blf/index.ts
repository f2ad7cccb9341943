/** The BLF notifier (lamps.md §4, presence.md §4): what the composition root uses. */
export { Notifier } from './Notifier.js';
export type { BlfResource, NotifierOptions } from './Notifier.js';
export { dialogInfoBody, DIALOG_INFO_CONTENT_TYPE } from './dialogInfoBody.js';
export type { DialogInfoCall, DialogInfoView } from './DialogInfoView.js';
export { lineView } from './lineView.js';
export type { LineViewSource } from './lineView.js';
export { DEFAULT_EXPIRES, DEFAULT_NOTIFY_FAILURES } from './NotifierPolicy.js';
export type { ExpiresBounds, NotifyFailurePolicy } from './NotifierPolicy.js';
export type { DialogRecord, DropReason, FinalReason, SubscriptionRecord, SubscriptionRow } from './SubscriptionRecord.js';
