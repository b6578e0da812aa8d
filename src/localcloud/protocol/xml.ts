// XML for the Query protocol, S3 responses, and the small documents S3 requests carry.
import type { XmlValue } from '../contract.js';

/** Escapes text for element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/**
 * Renders `value` inside `<name>`. Arrays become `<member>` lists (Query protocol), or with
 * `flat` repeat the element itself (S3's flattened lists). Undefined and null are left out.
 */
export function renderXml(name: string, value: XmlValue, flat = false): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    if (flat) return value.map((v) => renderXml(name, v, flat)).join('');
    return `<${name}>${value.map((v) => renderXml('member', v, flat)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => renderXml(k, v, flat))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A parsed XML element: children in order, text content concatenated. */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, ent: string) => {
    if (ent.startsWith('#x')) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    if (ent.startsWith('#')) return String.fromCodePoint(parseInt(ent.slice(1), 10));
    return ENTITIES[ent] ?? whole;
  });
}

/** Parses a small XML document (S3 request bodies); returns the root, or undefined if malformed. */
export function parseXml(source: string): XmlNode | undefined {
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack: XmlNode[] = [root];
  const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([\w:.-]+)[^>]*?(\/?)>|([^<]+)/g;
  for (let m = token.exec(source); m; m = token.exec(source)) {
    const top = stack[stack.length - 1];
    if (!top) return undefined;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[5] !== undefined) top.text += decodeEntities(m[5]);
    else if (m[3] !== undefined) {
      // Drop a namespace prefix: S3 documents may use <s3:Tag> style names.
      const name = m[3].includes(':') ? (m[3].split(':').pop() ?? m[3]) : m[3];
      if (m[2] === '/') {
        if (top.name !== name) return undefined;
        stack.pop();
      } else {
        const node: XmlNode = { name, children: [], text: '' };
        top.children.push(node);
        if (m[4] !== '/') stack.push(node);
      }
    }
  }
  return stack.length === 1 ? root.children[0] : undefined;
}

/** The first child named `name`. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** All children named `name`. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return node?.children.filter((c) => c.name === name) ?? [];
}

/** Trimmed text of the child named `name`, or undefined. */
export function childText(node: XmlNode | undefined, name: string): string | undefined {
  const c = child(node, name);
  return c === undefined ? undefined : c.text.trim();
}
