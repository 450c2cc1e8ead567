/**
 * One OOXML part as a stream of SAX events, through saxes (a conforming, non-validating XML
 * parser that keeps no tree). Rules:
 * - namespaces are resolved, so `<x:sheetData>` (the OpenXML SDK, ClosedXML) and `<sheetData>`
 *   are the same element; handlers see local names and namespace URIs;
 * - a part with a document type declaration is refused: no OOXML part has one (ECMA-376 Part 2
 *   §8.1.4: "XML content shall not contain elements declared using a DTD"), and refusing it
 *   shuts out entity expansion ("billion laughs") and external entities in one place (saxes
 *   expands neither, but an undefined entity must not become a silent blank either);
 * - a part that is not well-formed XML is damaged, named in the message;
 * - bytes are decoded as UTF-8 (or UTF-16 when the part starts with its byte-order mark, as
 *   XML 1.0 §4.3.3 allows); invalid UTF-8 becomes U+FFFD, which the checks then see as text.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { AppError, ErrorKind } from '../../shared';

/** SpreadsheetML's namespace: transitional (ECMA-376 Part 1) and strict (ISO/IEC 29500-1 strict). */
export const SPREADSHEETML = new Set(['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main']);
/** The namespace of `r:id` attributes, transitional and strict. */
export const RELATIONSHIPS = new Set(['http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'http://purl.oclc.org/ooxml/officeDocument/relationships']);

/** An element as saxes reports it with namespaces resolved: `local`, `uri`, `attributes`. */
export type XmlTag = SaxesTagNS;

export interface XmlHandlers {
  /** An element opens; `tag.local` is its local name, `tag.uri` its namespace. */
  open?(tag: XmlTag): void;
  /** An element closes. */
  close?(tag: XmlTag): void;
  /** Character data (entities decoded, CDATA included), possibly in several pieces. */
  text?(text: string): void;
}

/** An attribute without a namespace (`r`, `t`, `ref`), or undefined. */
export function attr(tag: XmlTag, local: string): string | undefined {
  return tag.attributes[local]?.value;
}

/** The relationship id of `r:id` (whatever prefix the part binds to the relationships namespace). */
export function relationshipId(tag: XmlTag): string | undefined {
  for (const key in tag.attributes) {
    const a = tag.attributes[key]!;
    if (a.local === 'id' && RELATIONSHIPS.has(a.uri)) return a.value;
  }
  return undefined;
}

/** xsd:boolean as OOXML writes it: "1" or "true". */
export function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

/** The element's local name when it is SpreadsheetML's (any prefix, transitional or strict), else "". */
export function smlLocal(tag: XmlTag): string {
  return SPREADSHEETML.has(tag.uri) ? tag.local : '';
}

/** Whether the element is SpreadsheetML's `local` (any prefix, transitional or strict). */
export function isSml(tag: XmlTag, local: string): boolean {
  return tag.local === local && SPREADSHEETML.has(tag.uri);
}

/** The refusal for a package that is really broken: `unreadable-workbook`, code `damaged`, naming the part. */
export function damagedPart(partName: string, why: string): AppError {
  return new AppError(
    ErrorKind.unreadableWorkbook,
    'damaged',
    `The workbook is damaged: part "${partName.slice(0, 60)}" ${why}. Save it again from Excel.`,
  );
}

function decode(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/** Parses one part, calling the handlers; throws an AppError (damaged, or the handlers' own). */
export function parseXmlPart(partName: string, bytes: Uint8Array, handlers: XmlHandlers): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on('doctype', () => {
    throw new AppError(
      ErrorKind.unreadableWorkbook,
      'doctype',
      `The workbook's part "${partName.slice(0, 60)}" declares a document type, which Excel never writes; the file is refused.`,
    );
  });
  parser.on('error', (error) => {
    throw damagedPart(partName, `is not well-formed XML (${error.message.slice(0, 120)})`);
  });
  if (handlers.open) parser.on('opentag', handlers.open);
  if (handlers.close) parser.on('closetag', handlers.close);
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  parser.write(decode(bytes)).close();
}
