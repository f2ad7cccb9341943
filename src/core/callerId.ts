/** A caller as the core knows it: number and name, or withheld (P private, O unavailable). */
export interface CallerId {
  number?: string;
  name?: string;
  withheld?: 'P' | 'O';
}
