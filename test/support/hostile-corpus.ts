/**
 * The hostile input corpus: bad sync bodies, bad workbooks and bad query strings, each with the
 * 4xx the service must answer. Everything here is deterministic (fixed ids, no clock, no
 * randomness), so the small files committed under test/fixtures/hostile/ are exactly what
 * `smallHostileFiles()` makes; `largeHostileCases()` makes the big ones at test time instead
 * of committing megabytes. Rewrite the committed files with:
 *   WRITE_HOSTILE_FIXTURES=1 npx jest test/hostile/corpus.test.ts
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { MAX_BATCH_CHANGES, MAX_CELL_TEXT } from '../../shared';
import { lyingBomb, smallReturn, tooManyRows, zipBomb } from './hostile-workbooks';
import { minimalXlsxParts, writeZip, xmlRow, type ZipInput } from './zip';

export const HOSTILE_DIR = join(__dirname, '..', 'fixtures', 'hostile');
export const MANIFEST_FILE = 'manifest.json';
export const PERIOD = '2008-03';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const JSON_TYPE = 'application/json';
const SYNC = '/api/v1/sync';
const RETURNS = `/api/v1/returns?period=${PERIOD}`;

/** One request the service must refuse. */
export interface HostileCase {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  contentType?: string;
  contentEncoding?: string;
  body?: Buffer;
  /** Whose key sends it: a district officer's, or the coordinator's (for the master routes). */
  caller: 'district' | 'coordinator';
  status: number;
  why: string;
}

/** A committed file and how to send it (the body is the file). */
export type ManifestEntry = Omit<HostileCase, 'body' | 'name'> & { file: string };

const ROW_ID = '3f0c6c2e-6d3a-4c53-9a52-1d6a5b0e7a01';
const OTHER_ID = '9b1d7f52-8c44-4e1f-b0a3-62f4c0d5e802';
const HEADER = ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'];

export function validRow(): Record<string, unknown> {
  return { outcome: 'Stay safe', aim: 'S1', laaRefs: ['SC7'], action: 'Hostile corpus action', update: 'Hostile corpus update', status: 'On track' };
}

/** A batch the service would accept; every sync case below is this with one thing broken. */
export function validBatch(): { period: string; batchId: string; changes: Record<string, unknown>[] } {
  return { period: PERIOD, batchId: 'hostile-corpus-batch-0001', changes: [{ id: ROW_ID, baseVersion: 0, row: validRow() }] };
}

type Json = Record<string, unknown>;
const withBatch = (patch: (b: Json) => void): string => {
  const body = validBatch() as unknown as Json;
  patch(body);
  return JSON.stringify(body);
};
const withChange = (patch: (c: Json) => void) =>
  withBatch((b) => {
    patch((b.changes as Json[])[0] as Json);
  });
const withRow = (patch: (r: Json) => void) =>
  withChange((c) => {
    patch(c.row as Json);
  });

/** Sync bodies, as text or bytes, with the status each must get. */
function syncBodies(): [name: string, body: string | Buffer, status: number, why: string][] {
  const valid = JSON.stringify(validBatch());
  return [
    ['empty-body', '', 400, 'no JSON at all'],
    ['unterminated-object', '{"period": "2008-03", ', 400, 'malformed JSON'],
    ['unterminated-string', '{"period": "2008-03', 400, 'malformed JSON'],
    ['trailing-comma', valid.replace(/}$/, ',}'), 400, 'malformed JSON'],
    ['single-quotes', valid.replace(/"/g, "'"), 400, 'malformed JSON'],
    ['nan-literal', valid.replace('"baseVersion":0', '"baseVersion":NaN'), 400, 'malformed JSON'],
    ['js-comment', `/* hi */${valid}`, 400, 'malformed JSON'],
    ['two-documents', `${valid}${valid}`, 400, 'malformed JSON'],
    ['bare-null', 'null', 400, 'not an object'],
    ['bare-number', '123', 400, 'not an object'],
    ['bare-string', '"2008-03"', 400, 'not an object'],
    ['empty-object', '{}', 400, 'no fields'],
    ['top-level-array', `[${valid}]`, 400, 'an array, not a batch'],
    ['period-number', withBatch((b) => (b.period = 200803)), 400, 'wrong type'],
    ['period-null', withBatch((b) => (b.period = null)), 400, 'wrong type'],
    ['period-array', withBatch((b) => (b.period = [PERIOD])), 400, 'wrong type'],
    ['period-words', withBatch((b) => (b.period = 'March 2008')), 400, 'not YYYY-MM'],
    ['period-month-13', withBatch((b) => (b.period = '2008-13')), 400, 'not a month'],
    ['period-unknown', withBatch((b) => (b.period = '2031-01')), 400, 'not a reporting period'],
    ['period-nul', withBatch((b) => (b.period = '2008-03\u0000')), 400, 'control character'],
    ['period-missing', withBatch((b) => delete b.period), 400, 'field missing'],
    ['batch-id-number', withBatch((b) => (b.batchId = 12345678)), 400, 'wrong type'],
    ['batch-id-short', withBatch((b) => (b.batchId = 'abc')), 400, 'too short'],
    ['batch-id-long', withBatch((b) => (b.batchId = 'b'.repeat(101))), 400, 'too long'],
    ['batch-id-blank', withBatch((b) => (b.batchId = '          ')), 400, 'blank'],
    ['changes-null', withBatch((b) => (b.changes = null)), 400, 'wrong type'],
    ['changes-object', withBatch((b) => (b.changes = { 0: (b.changes as Json[])[0] })), 400, 'wrong type'],
    ['changes-empty', withBatch((b) => (b.changes = [])), 400, 'nothing to do'],
    ['change-null', withBatch((b) => (b.changes = [null])), 400, 'wrong type'],
    ['change-number', withBatch((b) => (b.changes = [1])), 400, 'wrong type'],
    ['id-not-uuid', withChange((c) => (c.id = 'row-7')), 400, 'non-UUID id'],
    ['id-sql', withChange((c) => (c.id = "1' OR '1'='1")), 400, 'non-UUID id'],
    ['id-number', withChange((c) => (c.id = 7)), 400, 'wrong type'],
    ['id-uuid-with-newline', withChange((c) => (c.id = `${ROW_ID}\n`)), 400, 'non-UUID id'],
    ['base-version-negative', withChange((c) => (c.baseVersion = -1)), 400, 'out of range'],
    ['base-version-fraction', withChange((c) => (c.baseVersion = 0.5)), 400, 'not whole'],
    ['base-version-string', withChange((c) => (c.baseVersion = '0')), 400, 'wrong type'],
    ['base-version-huge', withChange((c) => (c.baseVersion = 1e308)), 400, 'not a safe integer'],
    ['row-null', withChange((c) => (c.row = null)), 400, 'wrong type'],
    ['row-array', withChange((c) => (c.row = [])), 400, 'wrong type'],
    ['row-missing', withChange((c) => delete c.row), 400, 'neither row nor deleted'],
    ['row-and-deleted', withChange((c) => (c.deleted = true)), 400, 'both a row and a deletion'],
    ['deleted-false', withChange((c) => { delete c.row; c.deleted = false; }), 400, 'deleted must be true'],
    ['deleted-string', withChange((c) => { delete c.row; c.deleted = 'true'; }), 400, 'wrong type'],
    ['outcome-missing', withRow((r) => delete r.outcome), 400, 'field missing'],
    ['outcome-blank', withRow((r) => (r.outcome = '   ')), 400, 'blank'],
    ['outcome-unknown', withRow((r) => (r.outcome = 'Be wealthy')), 400, 'unknown outcome'],
    ['outcome-number', withRow((r) => (r.outcome = 1)), 400, 'wrong type'],
    ['outcome-markup', withRow((r) => (r.outcome = '<img src=x onerror=alert(1)>')), 400, 'unknown outcome'],
    ['outcome-control-chars', withRow((r) => (r.outcome = 'Stay\u0007 safe\u001b[2J')), 400, 'unknown outcome'],
    ['action-missing', withRow((r) => delete r.action), 400, 'field missing'],
    ['action-null', withRow((r) => (r.action = null)), 400, 'wrong type'],
    ['action-object', withRow((r) => (r.action = { text: 'x' })), 400, 'wrong type'],
    ['update-number', withRow((r) => (r.update = 42)), 400, 'wrong type'],
    ['laa-refs-string', withRow((r) => (r.laaRefs = 'SC7')), 400, 'wrong type'],
    ['laa-refs-blank-entry', withRow((r) => (r.laaRefs = [''])), 400, 'blank ref'],
    ['laa-refs-long-entry', withRow((r) => (r.laaRefs = ['R'.repeat(41)])), 400, 'too long'],
    ['laa-refs-too-many', withRow((r) => (r.laaRefs = Array.from({ length: 51 }, (_, i) => `SC${i}`))), 400, 'over 50 refs'],
    ['status-unknown', withRow((r) => (r.status = 'Great')), 400, 'not a status'],
    ['sheet-too-long', withRow((r) => (r.sheet = 'S'.repeat(32))), 400, 'over 31 characters'],
    ['row-number-zero', withRow((r) => (r.rowNumber = 0)), 400, 'out of range'],
    ['row-number-beyond-excel', withRow((r) => (r.rowNumber = 2_000_000)), 400, 'out of range'],
    ['unknown-field-top', withBatch((b) => (b.admin = true)), 400, 'strict shape'],
    ['unknown-field-row', withRow((r) => (r.district = 'NWLDC')), 400, 'a row cannot name its district'],
    ['proto-top', valid.replace('{', '{"__proto__":{"isAdmin":true},'), 400, 'prototype key'],
    ['proto-change', valid.replace('"baseVersion":0', '"baseVersion":0,"__proto__":{"deleted":true}'), 400, 'prototype key'],
    ['proto-row', valid.replace('"outcome"', '"__proto__":{"status":"At risk"},"outcome"'), 400, 'prototype key'],
    ['constructor-prototype', valid.replace('{', '{"constructor":{"prototype":{"polluted":1}},'), 400, 'constructor key'],
    ['prototype-key', withRow((r) => (r.prototype = { toString: 'x' })), 400, 'prototype key'],
    ['repeated-row-id', withBatch((b) => (b.changes = [(b.changes as Json[])[0], (b.changes as Json[])[0]])), 400, 'one change per row'],
    ['deleted-repeated-id', withBatch((b) => (b.changes = [{ id: OTHER_ID, baseVersion: 0, deleted: true }, { id: OTHER_ID, baseVersion: 0, deleted: true }])), 400, 'one change per row'],
    ['raw-nul-in-string', valid.replace('Hostile corpus action', 'Hostile\u0000corpus'), 400, 'raw control character is not JSON'],
    ['raw-newline-in-string', valid.replace('Hostile corpus update', 'line one\nline two'), 400, 'raw control character is not JSON'],
    ['invalid-utf8-outside-strings', Buffer.concat([Buffer.from('{'), Buffer.from([0xff, 0xfe]), Buffer.from(valid.slice(1))]), 400, 'bytes that are not UTF-8'],
    ['invalid-utf8-in-key', Buffer.from(valid.replace('"period"', '"per\u0001iod"').replace('\u0001', '\\u0001'), 'utf8'), 400, 'unknown key'],
    [
      'invalid-utf8-in-period',
      Buffer.concat([Buffer.from(valid.slice(0, valid.indexOf('2008-03'))), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from(valid.slice(valid.indexOf('2008-03') + 7))]),
      400,
      'invalid UTF-8 period',
    ],
    [
      'overlong-utf8-in-outcome',
      Buffer.concat([Buffer.from(valid.slice(0, valid.indexOf('Stay safe'))), Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf]), Buffer.from(valid.slice(valid.indexOf('Stay safe') + 9))]),
      400,
      'overlong UTF-8 outcome',
    ],
    ['lone-surrogate-id', withChange((c) => (c.id = `\ud800${ROW_ID.slice(1)}`)), 400, 'non-UUID id'],
  ];
}

function sheetWith(rows: string[][], extra = ''): Buffer {
  return writeZip(minimalXlsxParts(rows.map((r, i) => xmlRow(i + 1, r)).join(''), extra));
}

/** Replaces the worksheet part of the minimal package with raw XML text or bytes. */
function withSheetXml(xml: string | Buffer): Buffer {
  const parts = minimalXlsxParts('');
  const sheet = parts.find((p) => p.name === 'xl/worksheets/sheet1.xml') as ZipInput;
  sheet.data = Buffer.isBuffer(xml) ? xml : Buffer.from(xml, 'utf8');
  return writeZip(parts);
}

const SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

/** Offsets in a package written by writeZip (no comment): the end record and the central directory. */
function zipOffsets(zip: Buffer): { eocd: number; cd: number } {
  const eocd = zip.length - 22;
  return { eocd, cd: zip.readUInt32LE(eocd + 16) };
}

function patched(zip: Buffer, patch: (copy: Buffer) => void): Buffer {
  const copy = Buffer.from(zip);
  patch(copy);
  return copy;
}

/** Small bad workbooks (a few KB at most), each sent as an upload. */
function workbookFiles(): [name: string, body: Buffer, status: number, why: string][] {
  const good = smallReturn();
  const { eocd, cd } = zipOffsets(good);
  const unknownOutcome = [HEADER, ['Be wealthy', 'S1', 'SC7', 'An action', 'An update']];
  const partsWithout = (name: string) => writeZip(minimalXlsxParts(xmlRow(1, HEADER) + xmlRow(2, ['Stay safe', 'S1', 'SC7', 'a', 'b'])).filter((p) => p.name !== name));
  return [
    ['empty', Buffer.alloc(0), 400, 'empty upload'],
    ['plain-text', Buffer.from('Outcome,Aim,LAA Ref,Actions,District Update\nStay safe,S1,SC7,An action,An update\n'), 422, 'a CSV, not a workbook'],
    ['old-xls-header', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]), 422, 'an old .xls (or encrypted) file'],
    ['pdf', Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'), 422, 'a PDF'],
    ['png', Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), 422, 'a picture'],
    ['json-labelled-xlsx', Buffer.from(JSON.stringify(validBatch())), 422, 'JSON sent as a workbook'],
    ['html-labelled-xlsx', Buffer.from('<html><body><table><tr><td>Outcome</td></tr></table></body></html>'), 422, 'HTML saved as .xlsx'],
    ['truncated-4-bytes', good.subarray(0, 4), 422, 'cut after the signature'],
    ['truncated-30-bytes', good.subarray(0, 30), 422, 'cut inside the first part'],
    ['truncated-half', good.subarray(0, Math.floor(good.length / 2)), 422, 'cut in half'],
    ['truncated-central-directory', good.subarray(0, cd + 20), 422, 'cut inside the central directory'],
    ['truncated-end-record', good.subarray(0, good.length - 5), 422, 'end record cut'],
    ['zip64-markers', patched(good, (b) => b.writeUInt16LE(0xffff, eocd + 10)), 422, 'ZIP64 entry count'],
    ['central-directory-past-end', patched(good, (b) => b.writeUInt32LE(good.length + 1000, eocd + 16)), 422, 'directory offset beyond the file'],
    ['entry-count-lies', patched(good, (b) => b.writeUInt16LE(40, eocd + 10)), 422, 'more entries claimed than present'],
    ['encrypted-flag', patched(good, (b) => b.writeUInt16LE(1, cd + 8)), 422, 'encrypted part'],
    ['bzip2-method', patched(good, (b) => b.writeUInt16LE(12, cd + 10)), 422, 'a compression Excel never writes'],
    ['local-header-offset-wrong', patched(good, (b) => b.writeUInt32LE(7, cd + 42)), 422, 'local header not where the directory says'],
    ['declared-size-larger', patched(good, (b) => b.writeUInt32LE(b.readUInt32LE(cd + 24) + 10, cd + 24)), 422, 'part shorter than declared'],
    ['declared-size-smaller', patched(good, (b) => b.writeUInt32LE(3, cd + 24)), 413, 'part longer than declared (a lying package)'],
    ['deflate-stream-garbage', patched(good, (b) => b.fill(0xff, 30 + 19, 30 + 19 + 40)), 422, 'a part whose deflate stream is garbage'],
    ['no-workbook-part', partsWithout('xl/workbook.xml'), 422, 'a ZIP without a workbook'],
    ['no-content-types', partsWithout('[Content_Types].xml'), 422, 'a ZIP without content types'],
    ['missing-sheet-part', partsWithout('xl/worksheets/sheet1.xml'), 422, 'the workbook names a sheet that is not there'],
    ['sheet-not-xml', withSheetXml('this is not XML <<<'), 422, 'a sheet that is not XML'],
    ['sheet-raw-control-chars', withSheetXml(`${SHEET_OPEN}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Out\u0001come\u0008</t></is></c></row></sheetData></worksheet>`), 422, 'raw control characters are not XML'],
    ['sheet-invalid-utf8-outcome', withSheetXml(Buffer.concat([Buffer.from(`${SHEET_OPEN}<sheetData>${xmlRow(1, HEADER)}<row r="2"><c r="A2" t="inlineStr"><is><t>`), Buffer.from([0xff, 0xfe, 0xc0, 0xaf]), Buffer.from(`</t></is></c><c r="D2" t="inlineStr"><is><t>An action</t></is></c></row></sheetData></worksheet>`)])), 400, 'an outcome of bytes that are not UTF-8'],
    [
      'billion-laughs',
      withSheetXml(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${xmlRow(1, HEADER)}<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c><c r="D2" t="inlineStr"><is><t>An action</t></is></c></row></sheetData></worksheet>`),
      422,
      'entity expansion',
    ],
    [
      'external-entity',
      withSheetXml(`<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${xmlRow(1, HEADER)}<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c><c r="D2" t="inlineStr"><is><t>An action</t></is></c></row></sheetData></worksheet>`),
      422,
      'an external entity (XXE)',
    ],
    ['no-grid', sheetWith([['Minutes of the Districts Implementation Group'], ['Nothing to report']]), 422, 'no header row'],
    ['header-only', sheetWith([HEADER]), 400, 'a grid without rows would delete every row'],
    ['unknown-outcome', sheetWith(unknownOutcome), 400, 'not an ECM outcome'],
    ['markup-outcome', sheetWith([HEADER, ['<img src=x onerror=alert(1)>', 'S1', 'SC7', 'An action', '']]), 400, 'markup is not an outcome'],
    ['billion-row-dimension-no-grid', withSheetXml(`${SHEET_OPEN}<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Notes</t></is></c></row></sheetData></worksheet>`), 422, 'a billion-cell dimension claim'],
    ['last-cell-of-excel', withSheetXml(`${SHEET_OPEN}<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far away</t></is></c></row></sheetData></worksheet>`), 422, 'one cell at XFD1048576'],
    ['validation-every-cell', sheetWith(unknownOutcome, '<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>'), 400, 'a validation over 17 billion cells, read without expanding'],
    ['merge-whole-sheet', sheetWith(unknownOutcome, '<mergeCells count="1"><mergeCell ref="F1:XFD1048576"/></mergeCells>'), 400, 'a merge over the whole sheet, read without expanding'],
    ['conditional-format-everywhere', sheetWith(unknownOutcome, '<conditionalFormatting sqref="A1:XFD1048576"><cfRule type="expression" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>'), 400, 'conditional formatting over the whole sheet'],
  ];
}

/** The committed corpus: every small file, its route and the status it must get. */
export function smallHostileFiles(): { entry: ManifestEntry; body: Buffer }[] {
  const files: { entry: ManifestEntry; body: Buffer }[] = [];
  for (const [name, body, status, why] of syncBodies()) {
    files.push({
      entry: { file: `sync.${name}.json`, method: 'POST', path: SYNC, contentType: JSON_TYPE, caller: 'district', status, why },
      body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
    });
  }
  for (const [name, body, status, why] of workbookFiles()) {
    files.push({ entry: { file: `returns.${name}.xlsx`, method: 'POST', path: RETURNS, contentType: XLSX_TYPE, caller: 'district', status, why }, body });
  }
  return files;
}

export function writeHostileFixtures(dir = HOSTILE_DIR): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = smallHostileFiles();
  for (const { entry, body } of files) writeFileSync(join(dir, entry.file), body);
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(files.map((f) => f.entry), null, 1)}\n`);
}

/** The committed corpus as read from disk (what the test sends). */
export function readHostileFixtures(dir = HOSTILE_DIR): HostileCase[] {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as ManifestEntry[];
  const listed = new Set(manifest.map((m) => m.file));
  const strays = readdirSync(dir).filter((f) => f !== MANIFEST_FILE && !listed.has(f));
  if (strays.length > 0) throw new Error(`files in ${dir} missing from the manifest: ${strays.join(', ')}`);
  return manifest.map(({ file, ...entry }) => ({ ...entry, name: file, body: readFileSync(join(dir, file)) }));
}

/** A valid JSON batch as bytes, sent with the given headers. */
function syncCase(name: string, body: Buffer | string, status: number, why: string, extra: Partial<HostileCase> = {}): HostileCase {
  return { name, method: 'POST', path: SYNC, contentType: JSON_TYPE, body: Buffer.isBuffer(body) ? body : Buffer.from(body), caller: 'district', status, why, ...extra };
}

/** Big or header-level cases, made at test time. */
export function largeHostileCases(): HostileCase[] {
  const valid = JSON.stringify(validBatch());
  const manyChanges = (n: number) =>
    withBatch((b) => {
      b.changes = Array.from({ length: n }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, baseVersion: 0, row: validRow() }));
    });
  const depth = 100_000;
  const cells40k = 'x'.repeat(40_000);
  const upload = (name: string, body: Buffer, status: number, why: string, extra: Partial<HostileCase> = {}): HostileCase => ({
    name, method: 'POST', path: RETURNS, contentType: XLSX_TYPE, body, caller: 'district', status, why, ...extra,
  });
  const good = smallReturn();
  return [
    syncCase('huge-array-501', manyChanges(MAX_BATCH_CHANGES + 1), 413, 'one change over the batch limit'),
    syncCase('huge-array-20000-nulls', withBatch((b) => (b.changes = new Array(20_000).fill(null))), 413, 'twenty thousand nulls'),
    syncCase('huge-array-laa-refs', withRow((r) => (r.laaRefs = Array.from({ length: 100_000 }, () => 'SC7'))), 400, 'a hundred thousand LAA refs'),
    syncCase('body-over-limit', withRow((r) => (r.update = 'u'.repeat(9 * 1024 * 1024))), 413, 'a 9 MB body'),
    syncCase('deep-nesting-arrays', `${'['.repeat(depth)}${']'.repeat(depth)}`, 400, 'arrays nested 100,000 deep'),
    syncCase('deep-nesting-objects', `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, 400, 'objects nested 100,000 deep'),
    syncCase('deep-nesting-in-row', withRow((r) => (r.action = JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`))), 400, 'an action nested 2,000 deep'),
    syncCase('cell-40000-action', withRow((r) => (r.action = cells40k)), 400, 'a 40,000-character action'),
    syncCase('cell-40000-update', withRow((r) => (r.update = cells40k)), 400, 'a 40,000-character update'),
    syncCase('cell-40000-aim', withRow((r) => (r.aim = cells40k)), 400, 'a 40,000-character aim'),
    syncCase('cell-limit-plus-one-astral', withRow((r) => (r.update = '😀'.repeat(MAX_CELL_TEXT + 1))), 400, 'emoji past the cell limit'),
    syncCase('outcome-40000', withRow((r) => (r.outcome = cells40k)), 400, 'a 40,000-character outcome'),
    syncCase('no-content-type', valid, 415, 'no content type', { contentType: undefined }),
    syncCase('text-plain', valid, 415, 'JSON labelled as text', { contentType: 'text/plain' }),
    syncCase('form-urlencoded', `period=${PERIOD}&batchId=x`, 415, 'a form post', { contentType: 'application/x-www-form-urlencoded' }),
    syncCase('multipart', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', 415, 'a multipart post', { contentType: 'multipart/form-data; boundary=x' }),
    syncCase('xml', '<batch/>', 415, 'XML', { contentType: 'application/xml' }),
    syncCase('xlsx-to-sync', good, 415, 'a workbook posted to /sync', { contentType: XLSX_TYPE }),
    syncCase('charset-latin1', valid, 415, 'a charset other than UTF-8', { contentType: 'application/json; charset=latin1' }),
    syncCase('charset-shift-jis', valid, 415, 'a charset other than UTF', { contentType: 'application/json; charset=shift_jis' }),
    syncCase('encoding-unknown', valid, 415, 'an encoding the service does not speak', { contentEncoding: 'compress' }),
    syncCase('encoding-gzip-not-gzip', valid, 400, 'says gzip, is not', { contentEncoding: 'gzip' }),
    syncCase('gzip-bomb', gzipSync(Buffer.from(`{"pad":"${' '.repeat(64 * 1024 * 1024)}"}`)), 413, '64 MB of JSON in 64 KB of gzip', { contentEncoding: 'gzip' }),
    upload('zip-bomb-40mb', zipBomb(40), 413, 'shared strings inflating to 40 MB'),
    upload('lying-bomb', lyingBomb(), 413, 'a part that inflates past what it declares'),
    upload('too-many-rows', tooManyRows(60_000), 413, '60,000 rows'),
    upload('too-many-parts', writeZip([...minimalXlsxParts(xmlRow(1, HEADER)), ...Array.from({ length: 2001 }, (_, i) => ({ name: `xl/media/p${i}.bin`, data: Buffer.from('x'), method: 0 as const }))]), 413, '2,001 parts'),
    upload('upload-over-limit', Buffer.concat([good, Buffer.alloc(11 * 1024 * 1024)]), 413, 'an 11 MB upload'),
    upload('cell-40000', sheetWith([HEADER, ['Stay safe', 'S1', 'SC7', cells40k, 'An update']]), 400, 'a 40,000-character action cell'),
    upload('json-content-type', good, 415, 'a workbook labelled as JSON', { contentType: JSON_TYPE }),
    upload('octet-stream', good, 415, 'a workbook labelled as bytes', { contentType: 'application/octet-stream' }),
    upload('zip-content-type', good, 415, 'a workbook labelled as zip', { contentType: 'application/zip' }),
    upload('no-content-type', good, 415, 'no content type', { contentType: undefined }),
    upload('period-missing', good, 400, 'no period', { path: '/api/v1/returns' }),
    upload('period-unknown', good, 400, 'not a reporting period', { path: '/api/v1/returns?period=2031-01' }),
    upload('period-twice', good, 400, 'two periods', { path: `/api/v1/returns?period=${PERIOD}&period=2008-08` }),
    upload('period-script', good, 400, 'markup for a period', { path: `/api/v1/returns?period=%3Cscript%3Ealert(1)%3C%2Fscript%3E` }),
    upload('dry-run-word', good, 400, 'dryRun is 1 or 0', { path: `/api/v1/returns?period=${PERIOD}&dryRun=yes` }),
    ...queryCases(),
  ];
}

/** Query strings and path parameters of the GET routes. */
function queryCases(): HostileCase[] {
  const get = (name: string, path: string, status: number, why: string, caller: HostileCase['caller'] = 'district'): HostileCase => ({ name, method: 'GET', path, caller, status, why });
  const cases: HostileCase[] = [];
  for (const [route, caller] of [['/api/v1/rows', 'district'], ['/api/v1/master.xlsx', 'coordinator'], ['/api/v1/master/status', 'coordinator']] as const) {
    const tag = route.replace('/api/v1/', '');
    cases.push(
      get(`${tag}: no period`, route, 400, 'period missing', caller),
      get(`${tag}: period words`, `${route}?period=March%202008`, 400, 'not YYYY-MM', caller),
      get(`${tag}: period unknown`, `${route}?period=2031-01`, 400, 'not a reporting period', caller),
      get(`${tag}: period twice`, `${route}?period=${PERIOD}&period=2008-08`, 400, 'an array, not a period', caller),
      get(`${tag}: period bracket array`, `${route}?period[]=${PERIOD}`, 400, 'bracket syntax', caller),
      get(`${tag}: period proto`, `${route}?__proto__[period]=${PERIOD}&period[__proto__]=x`, 400, 'prototype keys in the query', caller),
      get(`${tag}: period NUL`, `${route}?period=2008-03%00`, 400, 'a NUL byte', caller),
      get(`${tag}: period bad percent`, `${route}?period=%E0%A4%A`, 400, 'a broken percent-encoding', caller),
      get(`${tag}: period 8000 chars`, `${route}?period=${'9'.repeat(8000)}`, 400, 'a long period', caller),
    );
  }
  cases.push(
    get('rows: district lowercase', `/api/v1/rows?period=${PERIOD}&district=hbbc`, 400, 'not a district code'),
    get('rows: district markup', `/api/v1/rows?period=${PERIOD}&district=%3Cimg%20src%3Dx%3E`, 400, 'markup for a district'),
    get('rows: another district', `/api/v1/rows?period=${PERIOD}&district=NWLDC`, 403, "another district's rows"),
    get('rows: district twice', `/api/v1/rows?period=${PERIOD}&district=HBBC&district=NWLDC`, 400, 'two districts'),
    get('history: id not uuid', `/api/v1/rows/row-7/history?period=${PERIOD}`, 400, 'non-UUID id'),
    get('history: id sql', `/api/v1/rows/1'%20OR%20'1'='1/history?period=${PERIOD}`, 400, 'SQL for an id'),
    get('history: id bad percent', `/api/v1/rows/%E0%A4%A/history?period=${PERIOD}`, 400, 'a broken percent-encoding in the path'),
    get('history: id encoded slash', `/api/v1/rows/..%2F..%2Fetc%2Fpasswd/history?period=${PERIOD}`, 400, 'path traversal'),
    get('history: id 5000 chars', `/api/v1/rows/${'a'.repeat(5000)}/history?period=${PERIOD}`, 400, 'a long id'),
    get('history: no period', `/api/v1/rows/${ROW_ID}/history`, 400, 'period missing'),
    get('history: unknown period', `/api/v1/rows/${ROW_ID}/history?period=2031-01`, 400, 'not a reporting period'),
    get('history: unknown row', `/api/v1/rows/${OTHER_ID}/history?period=${PERIOD}`, 404, 'no such row'),
    get('unknown api path', '/api/v1/admin', 404, 'no such route'),
    get('unknown api version', '/api/v2/rows', 404, 'no such route'),
  );
  return cases;
}
