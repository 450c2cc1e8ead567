/**
 * The parts of an .xlsx package a return needs, found the way the Open Packaging Conventions
 * say (ECMA-376 Part 2): the office document from the package relationships (`_rels/.rels`),
 * its sheets, shared strings and styles from the workbook's relationships, never from fixed
 * names. Rules:
 * - part names compare case-insensitively (Part 2 §9.1.1.1.2) with or without a leading "/";
 * - a relationship target is relative to its source part's folder, or absolute from the
 *   package root when it starts with "/" (Part 2 §9.3.3: some writers use `/xl/worksheets/…`);
 *   targets are URIs, so `%20` is a space;
 * - relationship types and SpreadsheetML elements are matched in the transitional and the
 *   strict namespaces;
 * - every part is inflated with its declared size as a cap (zip-guard.ts).
 */
import { AppError, ErrorKind, type SheetVisibility } from '../../shared';
import { builtInFormat, type NumberFormats } from './xlsx-format';
import { attr, damagedPart, isSml, isTrue, parseXmlPart, relationshipId, type XmlTag } from './xlsx-xml';
import { inspectZip, readZipEntry, type ZipEntry } from './zip-guard';

export interface Relationship {
  /** The relationship type's last path segment: "worksheet", "sharedStrings", "hyperlink". */
  kind: string;
  /** Package part name (no leading "/") for an internal target; the URI as written for an external one. */
  target: string;
  isExternal: boolean;
}

/** One `<sheet>` of workbook.xml, in the order of the workbook's tabs. */
export interface WorkbookSheet {
  name: string;
  visibility: SheetVisibility;
  /** The sheet's part, or undefined when the relationship is missing or not a worksheet (a chart sheet). */
  part: string | undefined;
  /** The relationship type ("worksheet", "chartsheet", "dialogsheet", …). */
  kind: string;
}

export interface XlsxPackage {
  /** The package bytes and their ZIP entries by lower-cased part name. */
  readonly data: Uint8Array;
  readonly entries: ReadonlyMap<string, ZipEntry>;
  /** The workbook part's name, e.g. "xl/workbook.xml". */
  readonly workbookPart: string;
}

/** Opens a package: checks its ZIP directory (inspectZip) and indexes its parts. */
export function openPackage(data: Uint8Array): XlsxPackage {
  const entries = new Map<string, ZipEntry>();
  for (const entry of inspectZip(data)) entries.set(entry.name.replace(/^\//, '').toLowerCase(), entry);
  const root = readRelationships({ data, entries, workbookPart: '' }, '');
  const office = [...root.values()].find((r) => r.kind === 'officeDocument' && !r.isExternal);
  return { data, entries, workbookPart: office?.target ?? 'xl/workbook.xml' };
}

/** The bytes of a part, or undefined when the package has none by that name. */
export function readPart(pkg: XlsxPackage, name: string): Buffer | undefined {
  const entry = pkg.entries.get(name.replace(/^\//, '').toLowerCase());
  return entry ? readZipEntry(pkg.data, entry) : undefined;
}

function folderOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return slash < 0 ? '' : part.slice(0, slash + 1);
}

/** A relationship target resolved against its source part (Part 2 §9.3.3). */
export function resolveTarget(sourcePart: string, target: string): string {
  // Some older writers separate folders with a backslash, which no URI has; read it as "/".
  let decoded = target.replace(/\\/g, '/');
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // A stray "%" is kept as written.
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : folderOf(sourcePart) + decoded;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

/** The relationships of `sourcePart` ("" for the package's own) by id; empty when it has none. */
export function readRelationships(pkg: XlsxPackage, sourcePart: string): Map<string, Relationship> {
  const relsPart = `${folderOf(sourcePart)}_rels/${sourcePart.slice(folderOf(sourcePart).length)}.rels`;
  const bytes = readPart(pkg, relsPart);
  const relationships = new Map<string, Relationship>();
  if (!bytes) return relationships;
  parseXmlPart(relsPart, bytes, {
    open(tag) {
      if (tag.local !== 'Relationship') return;
      const id = attr(tag, 'Id');
      const type = attr(tag, 'Type') ?? '';
      const target = attr(tag, 'Target');
      if (!id || target === undefined) return;
      // A target with a URI scheme (https:, mailto:) is outside the package even when a writer
      // leaves out TargetMode="External".
      const isExternal = attr(tag, 'TargetMode') === 'External' || /^[a-z][a-z0-9+.-]*:/i.test(target);
      relationships.set(id, {
        kind: type.slice(type.lastIndexOf('/') + 1),
        target: isExternal ? target : resolveTarget(sourcePart, target),
        isExternal,
      });
    },
  });
  return relationships;
}

function visibilityOf(state: string | undefined): SheetVisibility {
  if (state === 'hidden') return 'Hidden';
  if (state === 'veryHidden') return 'VeryHidden';
  return 'Visible';
}

/** The workbook's sheets in tab order, its date system, and its shared strings and styles parts. */
export function readWorkbookPart(pkg: XlsxPackage): { sheets: WorkbookSheet[]; date1904: boolean; sharedStringsPart?: string; stylesPart?: string } {
  const bytes = readPart(pkg, pkg.workbookPart);
  if (!bytes) throw new AppError(ErrorKind.unreadableWorkbook, 'not-xlsx', 'This ZIP file is not an Excel workbook (.xlsx): it has no workbook part.');
  const relationships = readRelationships(pkg, pkg.workbookPart);
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  parseXmlPart(pkg.workbookPart, bytes, {
    open(tag: XmlTag) {
      if (isSml(tag, 'workbookPr')) date1904 = isTrue(attr(tag, 'date1904'));
      else if (isSml(tag, 'sheet')) {
        const id = relationshipId(tag);
        const relationship = id === undefined ? undefined : relationships.get(id);
        const kind = relationship?.kind ?? '';
        sheets.push({
          name: attr(tag, 'name') ?? `Sheet${sheets.length + 1}`,
          visibility: visibilityOf(attr(tag, 'state')),
          part: relationship && !relationship.isExternal && kind === 'worksheet' ? relationship.target : undefined,
          kind,
        });
      }
    },
  });
  const internal = [...relationships.values()].filter((r) => !r.isExternal);
  // A writer that leaves out the relationship still puts the part where Excel does; use it there.
  const beside = (name: string) => {
    const part = `${folderOf(pkg.workbookPart)}${name}`;
    return pkg.entries.has(part.toLowerCase()) ? part : undefined;
  };
  return {
    sheets,
    date1904,
    sharedStringsPart: internal.find((r) => r.kind === 'sharedStrings')?.target ?? beside('sharedStrings.xml'),
    stylesPart: internal.find((r) => r.kind === 'styles')?.target ?? beside('styles.xml'),
  };
}

/** OOXML's escape for characters XML cannot hold (`_x000D_`, ST_Xstring, Part 1 §22.9.2.19). */
export function unescapeXstring(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/**
 * Collects the text of a rich or plain string (`<si>` or `<is>`): every `<t>` joined, runs
 * (`<r><t>`) included, phonetic guides (`<rPh>`, Part 1 §18.4.6) left out.
 */
export class StringCollector {
  private depthInPhonetic = 0;
  private inText = false;
  private parts: string[] = [];

  open(tag: XmlTag): void {
    if (isSml(tag, 'rPh')) this.depthInPhonetic++;
    else if (isSml(tag, 't') && this.depthInPhonetic === 0) this.inText = true;
  }
  close(tag: XmlTag): void {
    if (isSml(tag, 'rPh')) this.depthInPhonetic--;
    else if (isSml(tag, 't')) this.inText = false;
  }
  text(text: string): void {
    if (this.inText) this.parts.push(text);
  }
  /** The text so far, and a fresh start for the next string. */
  take(): string {
    const text = unescapeXstring(this.parts.join(''));
    this.parts = [];
    this.inText = false;
    this.depthInPhonetic = 0;
    return text;
  }
}

/** The shared string table (Part 1 §18.4.9), in index order. */
export function readSharedStrings(pkg: XlsxPackage, part: string | undefined): string[] {
  const bytes = part === undefined ? undefined : readPart(pkg, part);
  if (!bytes || part === undefined) return [];
  const strings: string[] = [];
  const collector = new StringCollector();
  let inItem = false;
  parseXmlPart(part, bytes, {
    open(tag) {
      if (isSml(tag, 'si')) {
        inItem = true;
        collector.take();
      } else if (inItem) collector.open(tag);
    },
    close(tag) {
      if (isSml(tag, 'si')) {
        strings.push(collector.take());
        inItem = false;
      } else if (inItem) collector.close(tag);
    },
    text(text) {
      if (inItem) collector.text(text);
    },
  });
  return strings;
}

/** Each cell style's number format code (`cellXfs`), from styles.xml (Part 1 §18.8.10, §18.8.30). */
export function readNumberFormats(pkg: XlsxPackage, part: string | undefined, date1904: boolean): NumberFormats {
  const bytes = part === undefined ? undefined : readPart(pkg, part);
  if (!bytes || part === undefined) return { byStyle: [], date1904 };
  const custom = new Map<number, string>();
  const styleIds: number[] = [];
  let inCellXfs = false;
  parseXmlPart(part, bytes, {
    open(tag) {
      if (isSml(tag, 'numFmt')) {
        const id = Number(attr(tag, 'numFmtId'));
        const code = attr(tag, 'formatCode');
        if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
      } else if (isSml(tag, 'cellXfs')) inCellXfs = true;
      else if (inCellXfs && isSml(tag, 'xf')) styleIds.push(Number(attr(tag, 'numFmtId') ?? 0));
    },
    close(tag) {
      if (isSml(tag, 'cellXfs')) inCellXfs = false;
    },
  });
  return { byStyle: styleIds.map((id) => custom.get(id) ?? builtInFormat(id)), date1904 };
}

/** A sheet part that the workbook names but the package does not hold: a broken package. */
export function missingPart(sheet: string, part: string): AppError {
  return damagedPart(part, `is missing, though the workbook names it for sheet "${sheet.slice(0, 40)}"`);
}
