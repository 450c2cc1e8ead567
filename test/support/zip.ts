/**
 * A tiny ZIP writer for crafting hostile packages in tests: entries stored or deflated, with
 * the option to declare a size other than the real one (a package that lies).
 */
import { deflateRawSync } from 'node:zlib';

export interface ZipInput {
  name: string;
  data: Buffer;
  /** Deflate (default) or store. */
  method?: 0 | 8;
  /** Already-deflated bytes to use as they are (for a bomb built in pieces). */
  packed?: Buffer;
  /** The uncompressed size to declare, when it should not be data.length. */
  declaredSize?: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function writeZip(entries: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const method = entry.method ?? 8;
    const packed = entry.packed ?? (method === 8 ? deflateRawSync(entry.data) : entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const name = Buffer.from(entry.name, 'utf8');
    const crc = entry.packed ? 0 : crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The parts of a minimal valid .xlsx with one sheet holding the given sheet XML rows. */
export function minimalXlsxParts(sheetData: string, extraSheetXml = ''): ZipInput[] {
  const t = (s: string) => Buffer.from(s, 'utf8');
  return [
    { name: '[Content_Types].xml', data: t('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>') },
    { name: '_rels/.rels', data: t('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>') },
    { name: 'xl/workbook.xml', data: t('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Return" sheetId="1" r:id="rId1"/></sheets></workbook>') },
    { name: 'xl/_rels/workbook.xml.rels', data: t('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>') },
    { name: 'xl/worksheets/sheet1.xml', data: t(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData>${extraSheetXml}</worksheet>`) },
  ];
}

/** Inline-string cells for one sheet row. */
export function xmlRow(row: number, values: string[]): string {
  const cells = values
    .map((v, i) => (v === '' ? '' : `<c r="${String.fromCharCode(65 + i)}${row}" t="inlineStr"><is><t>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></is></c>`))
    .join('');
  return `<row r="${row}">${cells}</row>`;
}

/** SpreadsheetML's transitional namespaces, for tests that write parts by hand. */
export const SML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** One sheet of a hand-written package: its tab name, its worksheet part's XML, and what else it needs. */
export interface PackageSheet {
  name: string;
  /** The whole worksheet part (see `worksheetXml`). */
  xml: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** The sheet's own relationships part (hyperlinks), whole. */
  rels?: string;
}

/**
 * A package written by hand, to reproduce what other writers put in a valid .xlsx. Defaults
 * are transitional SpreadsheetML with relative targets; each part can be replaced.
 */
export interface PackageSpec {
  sheets: PackageSheet[];
  /** `<workbookPr …/>` and anything else before `<sheets>`. */
  workbookPr?: string;
  sharedStrings?: string;
  styles?: string;
  /** The target written in workbook.xml.rels for sheet i (1-based); default `worksheets/sheet{i}.xml`. */
  sheetTarget?: (index: number) => string;
  /** Replace whole parts by name (after the defaults are made); undefined removes a part. */
  parts?: Record<string, string | undefined>;
}

/** `<worksheet>` around the given children, in the transitional namespace (prefix optional). */
export function worksheetXml(children: string, prefix = ''): string {
  const p = prefix ? `${prefix}:` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><${p}worksheet xmlns${prefix ? `:${prefix}` : ''}="${SML}" xmlns:r="${REL}">${children}</${p}worksheet>`;
}

export function buildPackage(spec: PackageSpec): Buffer {
  const t = (s: string) => Buffer.from(s, 'utf8');
  const parts = new Map<string, string>();
  parts.set('[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`);
  parts.set('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  const sheetEntries = spec.sheets
    .map((s, i) => `<sheet name="${s.name.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rIdS${i + 1}"/>`)
    .join('');
  parts.set('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${SML}" xmlns:r="${REL}">${spec.workbookPr ?? ''}<sheets>${sheetEntries}</sheets></workbook>`);
  const rels = spec.sheets.map((_, i) => `<Relationship Id="rIdS${i + 1}" Type="${REL}/worksheet" Target="${spec.sheetTarget?.(i + 1) ?? `worksheets/sheet${i + 1}.xml`}"/>`);
  if (spec.sharedStrings !== undefined) {
    rels.push(`<Relationship Id="rIdSST" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
    parts.set('xl/sharedStrings.xml', spec.sharedStrings);
  }
  if (spec.styles !== undefined) {
    rels.push(`<Relationship Id="rIdST" Type="${REL}/styles" Target="styles.xml"/>`);
    parts.set('xl/styles.xml', spec.styles);
  }
  parts.set('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL}">${rels.join('')}</Relationships>`);
  spec.sheets.forEach((s, i) => {
    parts.set(`xl/worksheets/sheet${i + 1}.xml`, s.xml);
    if (s.rels !== undefined) parts.set(`xl/worksheets/_rels/sheet${i + 1}.xml.rels`, s.rels);
  });
  for (const [name, xml] of Object.entries(spec.parts ?? {})) {
    if (xml === undefined) parts.delete(name);
    else parts.set(name, xml);
  }
  return writeZip([...parts].map(([name, xml]) => ({ name, data: t(xml) })));
}

/**
 * The same package with ZIP64 records everywhere, as Apache POI (SXSSF, version 5 on) writes
 * even small files: every size and offset field maxed (0xFFFFFFFF) with the real values in
 * ZIP64 extra fields, and a ZIP64 end record and locator before the end record (APPNOTE.TXT
 * 4.3.14, 4.3.15, 4.5.3).
 */
export function writeZip64(entries: ZipInput[]): Buffer {
  const u64 = (n: number) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    return b;
  };
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const method = entry.method ?? 8;
    const packed = entry.packed ?? (method === 8 ? deflateRawSync(entry.data) : entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const name = Buffer.from(entry.name, 'utf8');
    const crc = entry.packed ? 0 : crc32(entry.data);
    const localExtra = Buffer.concat([Buffer.from([0x01, 0x00, 16, 0x00]), u64(size), u64(packed.length)]);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(0xffffffff, 18);
    local.writeUInt32LE(0xffffffff, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    locals.push(local, name, localExtra, packed);
    const centralExtra = Buffer.concat([Buffer.from([0x01, 0x00, 24, 0x00]), u64(size), u64(packed.length), u64(offset)]);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(45, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(0xffffffff, 20);
    central.writeUInt32LE(0xffffffff, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(centralExtra.length, 30);
    central.writeUInt32LE(0xffffffff, 42);
    centrals.push(central, name, centralExtra);
    offset += 30 + name.length + localExtra.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(entries.length), 24);
  record.writeBigUInt64LE(BigInt(entries.length), 32);
  record.writeBigUInt64LE(BigInt(cd.length), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([...locals, cd, record, locator, end]);
}
