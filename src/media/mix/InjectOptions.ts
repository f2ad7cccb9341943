/** Who hears an injected source: `'all'` is every participant that hears, far end included. */
export interface InjectOptions {
  to: 'all';
}
