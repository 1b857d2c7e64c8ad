/** One XML configuration for VOC and CVAT: attributes without prefix, values kept as strings, repeatable elements always arrays. */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { FormatError } from './shapes.js';

const REPEATED = new Set(['object', 'part', 'image', 'track', 'box', 'polygon', 'points', 'polyline', 'skeleton', 'attribute', 'label', 'mask', 'tag', 'ellipse', 'cuboid']);

export type XmlNode = Record<string, unknown>;

export function parseXml(text: string, where: string): XmlNode {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new FormatError(`${where} line ${valid.err.line}`, `is not well-formed XML: ${valid.err.msg}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => REPEATED.has(name),
  });
  return parser.parse(text) as XmlNode;
}

export function buildXml(root: XmlNode): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, indentBy: '  ', suppressEmptyNode: true });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(root) as string}`;
}

export function nodes(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.filter((v): v is XmlNode => typeof v === 'object' && v !== null) : [];
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  const value = node[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : undefined;
}

/** An element's or attribute's text; a leaf element parses to a string, an element with attributes to `#text`. */
export function text(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && '#text' in value) return String((value as XmlNode)['#text']);
  return undefined;
}

export function xmlNumber(node: XmlNode | undefined, name: string, where: string): number {
  const raw = text(node, name);
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(n)) throw new FormatError(`${where} <${name.replace(/^@/, '')}>`, `must be a number, got ${JSON.stringify(raw) ?? 'nothing'}`);
  return n;
}

/** Numbers written with enough digits to come back within 1e-6, without binary noise like 0.30000000000000004. */
export function num(n: number): string {
  return String(Number(n.toFixed(9)));
}
