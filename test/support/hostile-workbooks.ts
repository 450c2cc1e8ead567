/** Workbooks built to break a reader: bombs, lies, truncations, explosions. */
import { deflateRawSync } from 'node:zlib';
import { minimalXlsxParts, writeZip, xmlRow } from './zip';

const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];

/** A valid one-sheet return with the given extra worksheet XML after sheetData. */
export function smallReturn(extraSheetXml = '', rows: string[][] = [['Stay Safe', 'S2', 'SC7', 'An action', 'An update']]): Buffer {
  return writeZip(minimalXlsxParts([HEADER, ...rows].map((r, i) => xmlRow(i + 1, r)).join(''), extraSheetXml));
}

/** About 300 KB on disk; its shared strings part inflates to `megabytes` MB of text. */
export function zipBomb(megabytes = 300): Buffer {
  const text = Buffer.alloc(megabytes * 1024 * 1024, 0x61);
  const parts = minimalXlsxParts(xmlRow(1, HEADER));
  parts.push({ name: 'xl/sharedStrings.xml', data: Buffer.alloc(0), packed: deflateRawSync(text, { level: 9 }), declaredSize: text.length });
  return writeZip(parts);
}

/** A package that declares a small part but inflates it to 50 MB: only a capped inflate catches it. */
export function lyingBomb(): Buffer {
  const text = Buffer.alloc(50 * 1024 * 1024, 0x62);
  const parts = minimalXlsxParts(xmlRow(1, HEADER));
  parts.push({ name: 'xl/sharedStrings.xml', data: Buffer.alloc(0), packed: deflateRawSync(text, { level: 9 }), declaredSize: 4096 });
  return writeZip(parts);
}

/** Data validation over every cell of the sheet: exceljs would expand it cell by cell. */
export function dataValidationExplosion(): Buffer {
  return smallReturn('<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>');
}

/** A merge over the whole sheet and a dimension claiming a billion cells. */
export function mergeAndDimensionClaims(): Buffer {
  return smallReturn('<mergeCells count="1"><mergeCell ref="F1:XFD1048576"/></mergeCells>');
}

/** More rows than a return may have. */
export function tooManyRows(count = 60_000): Buffer {
  const rows: string[] = [xmlRow(1, HEADER)];
  for (let r = 2; r <= count; r++) rows.push(`<row r="${r}"><c r="D${r}" t="inlineStr"><is><t>a</t></is></c></row>`);
  return writeZip(minimalXlsxParts(rows.join('')));
}
