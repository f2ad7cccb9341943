/** One configuration the media benchmark measures. */
export interface MediaCase {
  /** Names the row. */
  label: string;
  /** `floor`: Node's dgram alone moving the same packets (bench/media/dgramFloorHost), keyline's lower bound. */
  impl: 'keyline' | 'floor' | 'rtpengine';
  /** RTP legs (streams between a phone and the relay); every leg is one generator stream. */
  legs: number;
  /** keyline: legs per line conference. rtpengine: always 2 (a call). */
  perLine: number;
  /** keyline: whether each line conference also has the line's FXO port (`PortAudio`) as a member. */
  port: boolean;
}

/** What one case measured over its window. */
export interface MediaRow {
  label: string;
  impl: MediaCase['impl'];
  legs: number;
  windowS: number;
  /** CPU of the relay's process (all threads), % of one core. */
  cpuPct: number;
  /** Relay CPU per packet it took in or sent out, µs. */
  usPerPacket: number;
  /** Of that CPU time, the share spent in the kernel (system time: sendto/recvfrom, loopback delivery), %. */
  systemPct: number;
  /** Times per second the relay's threads slept and were woken (voluntary context switches). */
  wakeupsPerS: number;
  /** Packets in + out of the relay per second. */
  pps: number;
  /** keyline's media clock: tick send time minus deadline, ms (null for rtpengine, which has no clock). */
  lateness: { p50: number; p99: number; max: number } | null;
  /** Ticks the clock skipped in the window (stalls longer than its catch-up). */
  skipped: number;
  /** At the phones: |inter-arrival gap − 20 ms| of what the relay sent them, ms. */
  arrival: { p50: number; p99: number; max: number };
  /** Packets that went missing on the way into or out of the relay, % of those sent. */
  lossPct: number;
  /** keyline: jitter-buffer concealment frames per leg per second. */
  concealedPerLegS: number;
  rssMiB: number;
}
