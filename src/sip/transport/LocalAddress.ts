/** The host and port this transport writes into Via sent-by and its own Contact. */
export interface LocalAddress {
  /** The advertised host (SipListen.advertisedHost); sip.js's `viaHost` MUST be the same. */
  host: string;
  port: number;
}
