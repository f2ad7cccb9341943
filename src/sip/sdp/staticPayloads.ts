import type { MediaDescription, RtpMap } from './SessionDescription.js';

/**
 * The audio payload types of RFC 3551 §6 table 4, which a writer may use without `a=rtpmap`
 * (SIPp and old Cisco firmware list `0 8` bare).
 */
const STATIC_AUDIO: ReadonlyMap<number, RtpMap> = new Map<number, RtpMap>([
  [0, { encoding: 'PCMU', clockRate: 8000, channels: 1 }],
  [3, { encoding: 'GSM', clockRate: 8000, channels: 1 }],
  [4, { encoding: 'G723', clockRate: 8000, channels: 1 }],
  [5, { encoding: 'DVI4', clockRate: 8000, channels: 1 }],
  [6, { encoding: 'DVI4', clockRate: 16000, channels: 1 }],
  [7, { encoding: 'LPC', clockRate: 8000, channels: 1 }],
  [8, { encoding: 'PCMA', clockRate: 8000, channels: 1 }],
  [9, { encoding: 'G722', clockRate: 8000, channels: 1 }],
  [10, { encoding: 'L16', clockRate: 44100, channels: 2 }],
  [11, { encoding: 'L16', clockRate: 44100, channels: 1 }],
  [12, { encoding: 'QCELP', clockRate: 8000, channels: 1 }],
  [13, { encoding: 'CN', clockRate: 8000, channels: 1 }],
  [14, { encoding: 'MPA', clockRate: 90000 }],
  [15, { encoding: 'G728', clockRate: 8000, channels: 1 }],
  [16, { encoding: 'DVI4', clockRate: 11025, channels: 1 }],
  [17, { encoding: 'DVI4', clockRate: 22050, channels: 1 }],
  [18, { encoding: 'G729', clockRate: 8000, channels: 1 }],
]);

/** What payload type `pt` means in `media`: its `a=rtpmap`, else the static table. */
export function rtpmapOf(media: MediaDescription, pt: number): RtpMap | undefined {
  return media.rtpmap.get(pt) ?? (media.media.toLowerCase() === 'audio' ? STATIC_AUDIO.get(pt) : undefined);
}
