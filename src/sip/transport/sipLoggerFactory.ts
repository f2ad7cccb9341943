import { Core } from 'sip.js';
import type { SipLog } from '../types.js';

/**
 * A sip.js `LoggerFactory` whose every line goes to `log` at debug level under `component`, with
 * sip.js's own level and category as fields. sip.js's built-in console printing is off. sip.js
 * is chatty and its "warnings" are mostly routine (an unmatched retransmission); the lines that
 * matter are logged by keyline's own layers at their proper level.
 */
export function sipLoggerFactory(log: SipLog, component: string): Core.LoggerFactory {
  const factory = new Core.LoggerFactory();
  factory.builtinEnabled = false;
  // The connector sees every level; `error` keeps sip.js from building a Logger per transaction.
  factory.level = Core.Levels.error;
  factory.connector = (level: string, category: string, label: string | undefined, content: unknown) => {
    log.log('debug', component, { sipjs: level, category, label, msg: typeof content === 'string' ? content : String(content) });
  };
  return factory;
}
