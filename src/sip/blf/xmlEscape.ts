/** Characters XML 1.0 does not allow at all (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/F). */
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text for an XML attribute value or element content (presence.md §2: PSTN text MUST be escaped).
 * Markup characters become entities; characters XML cannot carry at all become U+FFFD, so a
 * caller name with line noise still gives a well-formed document.
 */
export function xmlEscape(text: string): string {
  return text.replace(ILLEGAL, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
