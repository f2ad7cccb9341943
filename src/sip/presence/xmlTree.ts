/**
 * A small, strict XML reader for the documents a presence server sends (RFC 4235 dialog-info):
 * elements, attributes, text, CDATA, comments and processing instructions, with namespaces
 * resolved. It refuses what such a document never needs and what makes XML dangerous: a DOCTYPE
 * (and with it entity expansion), entities other than the five predefined and character
 * references, unbalanced tags, more than `MAX_DEPTH` levels or `MAX_NODES` elements. Pure: text
 * in, a tree or a reason out; it never throws.
 */

export interface XmlElement {
  /** The local name (no prefix). */
  name: string;
  /** The namespace URI, '' when none is in scope. */
  ns: string;
  /** Attributes without a prefix, by name (namespaced attributes are ignored: no RFC 4235 use). */
  attrs: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** The element's own character data, concatenated. */
  text: string;
}

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; reason: string };

export const MAX_DEPTH = 32;
export const MAX_NODES = 4096;

const NAME = /^[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?$/;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class XmlRefusal extends Error {}

function decode(raw: string): string {
  return raw.replace(/&([^;&<>\s]{0,12});?/g, (m, ref: string) => {
    if (!m.endsWith(';')) throw new XmlRefusal(`an "&" that starts no reference: "${m.slice(0, 14)}"`);
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    const num = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
    const code = num ? (num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2])) : NaN;
    if (!Number.isInteger(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new XmlRefusal(`unknown entity "&${ref};"`);
    return String.fromCodePoint(code);
  });
}

interface Open {
  el: XmlElement;
  qname: string;
  scope: ReadonlyMap<string, string>;
}

function parseAttributes(src: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /\s*([^\s=/>]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m?.[1] || !NAME.test(m[1])) throw new XmlRefusal(`a malformed attribute near "${src.slice(i, i + 20).trim()}"`);
    if (out.has(m[1])) throw new XmlRefusal(`attribute "${m[1]}" twice`);
    out.set(m[1], decode(m[2] ?? m[3] ?? ''));
    i = re.lastIndex;
  }
  return out;
}

function splitName(qname: string): [prefix: string, local: string] {
  const c = qname.indexOf(':');
  return c < 0 ? ['', qname] : [qname.slice(0, c), qname.slice(c + 1)];
}

/** Reads `text` as one XML document. */
export function parseXml(text: string): XmlResult {
  try {
    return { ok: true, root: read(text) };
  } catch (err) {
    if (err instanceof XmlRefusal) return { ok: false, reason: err.message };
    // Anything else is a bug here; still never thrown at the caller (a NOTIFY handler).
    return { ok: false, reason: `unreadable XML (${err instanceof Error ? err.message : String(err)})` };
  }
}

function read(text: string): XmlElement {
  const stack: Open[] = [];
  let root: XmlElement | null = null;
  let nodes = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (chunk.length > 0) {
      const top = stack[stack.length - 1];
      if (top) top.el.text += decode(chunk);
      else if (chunk.trim() !== '') throw new XmlRefusal('text outside the root element');
    }
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) throw new XmlRefusal('an unterminated comment');
      i = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlRefusal('an unterminated processing instruction');
      i = end + 2;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      const top = stack[stack.length - 1];
      if (end < 0 || !top) throw new XmlRefusal('a CDATA section outside an element or unterminated');
      top.el.text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text.startsWith('<!', lt)) {
      throw new XmlRefusal('a DOCTYPE or declaration: not allowed in a dialog-info document');
    } else if (text.startsWith('</', lt)) {
      const end = text.indexOf('>', lt);
      if (end < 0) throw new XmlRefusal('an unterminated end tag');
      const qname = text.slice(lt + 2, end).trim();
      const top = stack.pop();
      if (!top || top.qname !== qname) throw new XmlRefusal(`end tag </${qname}> does not close ${top ? `<${top.qname}>` : 'anything'}`);
      i = end + 1;
    } else {
      const end = findTagEnd(text, lt + 1);
      let inner = text.slice(lt + 1, end);
      const selfClosing = inner.endsWith('/');
      if (selfClosing) inner = inner.slice(0, -1);
      const nameEnd = inner.search(/[\s]|$/);
      const qname = inner.slice(0, nameEnd);
      if (!NAME.test(qname)) throw new XmlRefusal(`a malformed tag "<${qname.slice(0, 20)}"`);
      if (++nodes > MAX_NODES) throw new XmlRefusal(`more than ${MAX_NODES} elements`);
      if (stack.length >= MAX_DEPTH) throw new XmlRefusal(`nested deeper than ${MAX_DEPTH}`);
      if (stack.length === 0 && root !== null) throw new XmlRefusal('a second root element');
      const all = parseAttributes(inner.slice(nameEnd));
      const parentScope = stack[stack.length - 1]?.scope ?? new Map<string, string>();
      let scope = parentScope;
      const attrs = new Map<string, string>();
      for (const [k, v] of all) {
        if (k === 'xmlns' || k.startsWith('xmlns:')) {
          if (scope === parentScope) scope = new Map(parentScope);
          (scope as Map<string, string>).set(k === 'xmlns' ? '' : k.slice(6), v);
        } else if (!k.includes(':')) attrs.set(k, v);
      }
      const [prefix, local] = splitName(qname);
      const ns = scope.get(prefix);
      if (ns === undefined && prefix !== '') throw new XmlRefusal(`undeclared namespace prefix "${prefix}"`);
      const el: XmlElement = { name: local, ns: ns ?? '', attrs, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.el.children.push(el);
      else root = el;
      if (!selfClosing) stack.push({ el, qname, scope });
      i = end + 1;
    }
  }
  if (stack.length > 0) throw new XmlRefusal(`<${stack[stack.length - 1]?.qname ?? ''}> is never closed`);
  if (root === null) throw new XmlRefusal('no root element');
  return root;
}

/** The index of the `>` ending a start tag that begins at `from`, skipping quoted attribute values. */
function findTagEnd(text: string, from: number): number {
  let quote = '';
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
    else if (c === '<') break;
  }
  throw new XmlRefusal('an unterminated start tag');
}
