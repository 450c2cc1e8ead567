/**
 * Checks an uploaded .xlsx (a ZIP package) before anything unpacks it.
 * Rules:
 * - it must be a ZIP whose central directory is whole (a truncated download fails here);
 * - an old .xls or an encrypted workbook (both OLE files) and plain text get their own message;
 * - declared sizes are capped: entries, each entry, the total, and the compression ratio
 *   (a 300 KB file whose XML inflates to hundreds of MB is refused from its directory alone);
 * - every entry is then inflated by a streaming inflate that counts and discards what it makes
 *   and stops as soon as the count passes the declared size, so a package that lies about
 *   its sizes is caught holding one inflate window, never the part (verifyZipInflation);
 * - the directory checks are synchronous and cheap (no inflating), so the service runs them on
 *   its main thread before any reading worker starts; the inflate runs on libuv's thread pool.
 * - ZIP64 records (APPNOTE.TXT 4.3.14, 4.3.15, 4.5.3) are read: Apache POI (SXSSF, version 5
 *   on) writes them even for a 5 KB file, and Excel opens it; their 64-bit sizes meet the same
 *   limits, and a ZIP64 marker without its record is a damaged package;
 * - encryption and compression methods other than stored/deflate are refused: Excel writes
 *   neither for a return.
 */
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { AppError, ErrorKind } from '../../shared';

/** The upload guard's limits, in bytes except `maxEntries` (parts) and `maxRatio` (unpacked / packed). */
export interface ZipLimits {
  maxFileBytes: number;
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxEntries: 2000,
  maxEntryBytes: 80 * 1024 * 1024,
  maxTotalBytes: 120 * 1024 * 1024,
  maxRatio: 200,
};

/** One part as the central directory describes it; sizes in bytes, `method` 0 stored or 8 deflated. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const ZIP64_EXTRA = 0x0001;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function unreadable(code: string, message: string): AppError {
  return new AppError(ErrorKind.unreadableWorkbook, code, message);
}
function tooLarge(code: string, message: string): AppError {
  return new AppError(ErrorKind.tooLarge, code, message);
}

function describeNonZip(data: Uint8Array): AppError {
  if (data.length >= 8 && data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0) {
    return unreadable(
      'not-xlsx',
      'This is an old-style .xls file or a password-protected workbook. Remove the password and save it as an Excel Workbook (.xlsx).',
    );
  }
  if (data.length === 0) return unreadable('empty-file', 'The file is empty.');
  return unreadable('not-xlsx', 'This is not an Excel workbook (.xlsx): it is not a ZIP package.');
}

/**
 * Reads and checks the central directory, inflating nothing; returns the entries (in directory
 * order) or throws a clear AppError. Cost: one pass over the directory records, O(entries).
 */
export function inspectZip(data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  if (data.length > limits.maxFileBytes) {
    throw tooLarge('file-too-large', `The file is ${mb(data.length)} MB; the limit is ${mb(limits.maxFileBytes)} MB.`);
  }
  const buf = Buffer.from(data.buffer, data.byteOffset, data.length);
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) {
    if (buf.length >= 4 && buf.readUInt32LE(0) === LOCAL) throw truncated();
    throw describeNonZip(data);
  }
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw truncated();
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  // Where the central directory must end: the end record, or the ZIP64 end record before it.
  let directoryEnd = eocd;
  if (eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const record = read64(buf, eocd - 20 + 8);
    if (record + 56 > eocd - 20 || buf.readUInt32LE(record) !== ZIP64_EOCD) throw truncated();
    if (count === MAX16) count = read64(buf, record + 32);
    if (cdSize === MAX32) cdSize = read64(buf, record + 40);
    if (cdOffset === MAX32) cdOffset = read64(buf, record + 48);
    directoryEnd = record;
  } else if (count === MAX16 || cdSize === MAX32 || cdOffset === MAX32) {
    throw truncated();
  }
  if (count > limits.maxEntries) throw tooLarge('too-many-parts', `The workbook has ${count} parts; the limit is ${limits.maxEntries}.`);
  if (cdOffset + cdSize > directoryEnd) throw truncated();

  const entries: ZipEntry[] = [];
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > directoryEnd || buf.readUInt32LE(p) !== CENTRAL) throw truncated();
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    let localHeaderOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    if (size === MAX32 || compressedSize === MAX32 || localHeaderOffset === MAX32) {
      // The ZIP64 extra field holds, in this order, each value whose 32-bit field is maxed (4.5.3).
      const field = zip64Extra(buf, p + 46 + nameLength, Math.min(extraLength, directoryEnd - (p + 46 + nameLength)));
      let q = field.start;
      const next = () => {
        if (q + 8 > field.end) throw truncated();
        const value = read64(buf, q);
        q += 8;
        return value;
      };
      if (size === MAX32) size = next();
      if (compressedSize === MAX32) compressedSize = next();
      if (localHeaderOffset === MAX32) localHeaderOffset = next();
    }
    p += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1) throw unreadable('encrypted', 'This workbook is encrypted. Remove the password in Excel and upload it again.');
    if (method !== 0 && method !== 8) throw unreadable('zip-method', `Part "${name.slice(0, 60)}" uses a compression Excel does not write.`);
    if (size > limits.maxEntryBytes) {
      throw tooLarge('part-too-large', `Part "${name.slice(0, 60)}" unpacks to ${mb(size)} MB; the limit is ${mb(limits.maxEntryBytes)} MB.`);
    }
    if (size > 1024 * 1024 && size > compressedSize * limits.maxRatio) {
      throw tooLarge('zip-bomb', `Part "${name.slice(0, 60)}" unpacks ${Math.round(size / Math.max(1, compressedSize))} times larger than it is packed; this file is refused.`);
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      throw tooLarge('unpacks-too-large', `The workbook unpacks to more than ${mb(limits.maxTotalBytes)} MB; the limit for a return.`);
    }
    if (localHeaderOffset + 30 + compressedSize > cdOffset) throw truncated();
    entries.push({ name, method, compressedSize, size, localHeaderOffset });
  }
  // Part names compare without case (OPC, ECMA-376 Part 2 §9.1.1.1.2).
  const names = new Set(entries.map((e) => e.name.replace(/^\//, '').toLowerCase()));
  if (!names.has('[content_types].xml') || !names.has('xl/workbook.xml')) {
    throw unreadable('not-xlsx', 'This ZIP file is not an Excel workbook (.xlsx): it has no workbook part.');
  }
  for (const entry of entries) packedBytes(buf, entry);
  return entries;
}

/** A 64-bit little-endian field as a number; past 2^53 it can only be a lie, so Infinity (fails every limit). */
function read64(buf: Buffer, at: number): number {
  if (at < 0 || at + 8 > buf.length) return Infinity;
  const value = buf.readBigUInt64LE(at);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(value);
}

/** The ZIP64 extra field's data among a header's extra fields; empty (start = end) when it has none. */
function zip64Extra(buf: Buffer, start: number, length: number): { start: number; end: number } {
  let q = start;
  while (q + 4 <= start + length) {
    const id = buf.readUInt16LE(q);
    const size = buf.readUInt16LE(q + 2);
    if (id === ZIP64_EXTRA) return q + 4 + size <= start + length ? { start: q + 4, end: q + 4 + size } : { start: 0, end: 0 };
    q += 4 + size;
  }
  return { start: 0, end: 0 };
}

/** The packed bytes of one entry, located through its local header; throws when they are not all there. */
function packedBytes(buf: Buffer, entry: ZipEntry): Buffer {
  const local = entry.localHeaderOffset;
  if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw truncated();
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  const packed = buf.subarray(start, start + entry.compressedSize);
  if (packed.length < entry.compressedSize) throw truncated();
  if (entry.method === 0 && entry.compressedSize !== entry.size) throw damaged(entry.name);
  return packed;
}

function lyingSize(entry: ZipEntry): AppError {
  return tooLarge('zip-bomb', `Part "${entry.name.slice(0, 60)}" unpacks to more than it declares; this file is refused.`);
}

/** Inflates one entry, counting and discarding the output; stops at the first byte past its declared size. */
function countInflated(packed: Buffer, entry: ZipEntry): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let count = 0;
    let done = false;
    const inflate = createInflateRaw();
    const finish = (error?: AppError) => {
      if (done) return;
      done = true;
      if (error) {
        inflate.destroy();
        reject(error);
      } else resolve();
    };
    inflate.on('data', (chunk: Buffer) => {
      count += chunk.length;
      if (count > entry.size) finish(lyingSize(entry));
    });
    inflate.on('error', () => finish(damaged(entry.name)));
    inflate.on('end', () => finish(count === entry.size ? undefined : damaged(entry.name)));
    inflate.end(packed);
  });
}

/**
 * Proves every deflated entry inflates to exactly its declared size, holding at most one
 * inflate chunk (16 KB) and window at a time: a part that inflates past its declared size is a
 * `zip-bomb` refusal, a stream that is not deflate or ends short is `damaged`. Runs on the
 * libuv thread pool, so the caller's event loop keeps answering.
 */
export async function verifyZipInflation(data: Uint8Array, entries: readonly ZipEntry[]): Promise<void> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.length);
  for (const entry of entries) {
    const packed = packedBytes(buf, entry);
    if (entry.method === 8) await countInflated(packed, entry);
  }
}

/** The whole upload guard: the directory (inspectZip), then every entry's true size (verifyZipInflation). */
export async function guardZip(data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipEntry[]> {
  const entries = inspectZip(data, limits);
  await verifyZipInflation(data, entries);
  return entries;
}

/**
 * One entry's bytes for the reader, inflated with its declared size as a hard cap (already
 * bounded by the limits): a part that lies about its size is a `zip-bomb` refusal even when the
 * caller skipped verifyZipInflation.
 */
export function readZipEntry(data: Uint8Array, entry: ZipEntry): Buffer {
  const packed = packedBytes(Buffer.from(data.buffer, data.byteOffset, data.length), entry);
  if (entry.method === 0) return packed;
  let out: Buffer;
  try {
    out = inflateRawSync(packed, { maxOutputLength: Math.max(1, entry.size) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw lyingSize(entry);
    throw damaged(entry.name);
  }
  if (out.length !== entry.size) throw damaged(entry.name);
  return out;
}

function truncated(): AppError {
  return unreadable('truncated', 'The workbook is damaged or incomplete (it may have been cut off while copying). Save it again from Excel.');
}
function damaged(name: string): AppError {
  return unreadable('damaged', `The workbook is damaged: part "${name.slice(0, 60)}" cannot be unpacked. Save it again from Excel.`);
}
function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
