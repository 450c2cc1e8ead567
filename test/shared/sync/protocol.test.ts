import { RowPayload, SyncRequest } from '../../../shared';

describe('the sync protocol', () => {
  it('stores cell text with plain line breaks and without characters a workbook cannot hold', () => {
    const parsed = RowPayload.parse({ outcome: 'Stay safe', action: 'Act\u0000ion\r\nline two', update: 'ok\u0007' });
    expect(parsed).toMatchObject({ action: 'Action\nline two', update: 'ok', aim: '', laaRefs: [], status: null });
  });

  it('refuses text over the cell limit, counted as Excel counts it', () => {
    const result = RowPayload.safeParse({ outcome: 'Stay safe', action: '😀'.repeat(16_001) });
    expect(result.success).toBe(false);
  });

  it('refuses a row id that is not a UUID and a period that is not YYYY-MM, naming the field', () => {
    const result = SyncRequest.safeParse({ period: 'March', batchId: 'batch-0001', changes: [{ id: 'row-1', baseVersion: 0, deleted: true }] });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['period', 'changes.0.id']));
  });
});

describe('the sync protocol at its limits, as a client meets them', () => {
  const row = (fields: Record<string, unknown> = {}) => ({ outcome: 'Stay safe', action: 'An action', ...fields });
  const ok = (fields: Record<string, unknown>) => RowPayload.safeParse(row(fields)).success;
  const id = '3F1C1A2E-8D4B-4C7A-9F5E-2B6D8E9A0C11';
  const request = (fields: Record<string, unknown> = {}) => ({ period: '2008-03', batchId: 'batch-0001', changes: [{ id, baseVersion: 0, row: row() }], ...fields });

  test('the outcome is trimmed, required and at most 200 characters', () => {
    expect(RowPayload.parse(row({ outcome: '  Stay safe  ' })).outcome).toBe('Stay safe');
    expect(ok({ outcome: '   ' })).toBe(false);
    expect(ok({ outcome: 'x'.repeat(200) })).toBe(true);
    expect(ok({ outcome: 'x'.repeat(201) })).toBe(false);
    const missing = RowPayload.safeParse({ action: 'An action', outcome: '' });
    expect(missing.success ? [] : missing.error.issues.map((i) => i.message)).toEqual(['outcome is required']);
  });

  test('cell text: exactly 32,000 characters is kept, one more is refused with the limit named; CR and CRLF become LF', () => {
    expect(ok({ update: 'x'.repeat(32_000) })).toBe(true);
    const over = RowPayload.safeParse(row({ update: 'x'.repeat(32_001) }));
    expect(over.success ? [] : over.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['update', 'is longer than the 32000-character cell limit']]);
    expect(RowPayload.parse(row({ update: 'a\rb\r\nc\nd' })).update).toBe('a\nb\nc\nd');
    expect(RowPayload.parse(row({ aim: 'S1\r\n' })).aim).toBe('S1\n');
  });

  test('LAA refs: each trimmed, cleaned, 1 to 40 characters; at most 50 to a row', () => {
    expect(RowPayload.parse(row({ laaRefs: [' SC7 ', 'NI\u0000 50'] })).laaRefs).toEqual(['SC7', 'NI 50']);
    expect(ok({ laaRefs: ['  '] })).toBe(false);
    expect(ok({ laaRefs: ['x'.repeat(40)] })).toBe(true);
    expect(ok({ laaRefs: ['x'.repeat(41)] })).toBe(false);
    expect(ok({ laaRefs: Array(50).fill('SC7') })).toBe(true);
    expect(ok({ laaRefs: Array(51).fill('SC7') })).toBe(false);
  });

  test('the sheet name: cleaned and trimmed, at most Excel\'s 31 characters; the row number 1 to 1,048,576', () => {
    expect(RowPayload.parse(row({ sheet: ' Return\u0001 ' })).sheet).toBe('Return');
    expect(ok({ sheet: 'x'.repeat(31) })).toBe(true);
    expect(ok({ sheet: 'x'.repeat(32) })).toBe(false);
    expect(ok({ rowNumber: 1 })).toBe(true);
    expect(ok({ rowNumber: 1_048_576 })).toBe(true);
    expect(ok({ rowNumber: 0 })).toBe(false);
    expect(ok({ rowNumber: 1_048_577 })).toBe(false);
    expect(ok({ rowNumber: 2.5 })).toBe(false);
  });

  test('a status is one of the three, or none; a field the protocol does not have is refused', () => {
    for (const status of ['On track', 'At risk', 'Exceptional', null]) expect(ok({ status })).toBe(true);
    expect(ok({ status: 'Green' })).toBe(false);
    expect(ok({ lead: 'J. Smith' })).toBe(false);
    expect(RowPayload.parse(row())).toEqual({ outcome: 'Stay safe', action: 'An action', aim: '', laaRefs: [], update: '', status: null });
  });

  test('cells: A1 addresses of one cell, columns A to XFD, rows from 1', () => {
    expect(ok({ cells: { laaRef: 'C5', update: 'XFD1048576', id: 'AB12' } })).toBe(true);
    for (const bad of ['C0', 'c5', '5C', 'C5:C6', 'ABCD1', 'C12345678', ' C5', '']) expect(ok({ cells: { laaRef: bad } })).toBe(false);
    const refused = RowPayload.safeParse(row({ cells: { laaRef: 'C0' } }));
    expect(refused.success ? [] : refused.error.issues.map((i) => i.message)).toEqual(['a cell address is like C5']);
  });

  test('a batch: a period YYYY-MM with a real month, a batch id of 8 to 100 characters once trimmed, 1 to 500 changes', () => {
    expect(SyncRequest.safeParse(request()).success).toBe(true);
    for (const period of ['2008-01', '2008-12']) expect(SyncRequest.safeParse(request({ period })).success).toBe(true);
    for (const period of ['2008-00', '2008-13', '2008-3', '08-03', '2008-03-01', ' 2008-03']) expect(SyncRequest.safeParse(request({ period })).success).toBe(false);
    expect(SyncRequest.parse(request({ batchId: '  batch-0001  ' })).batchId).toBe('batch-0001');
    expect(SyncRequest.safeParse(request({ batchId: '  1234567 ' })).success).toBe(false);
    expect(SyncRequest.safeParse(request({ batchId: 'x'.repeat(100) })).success).toBe(true);
    expect(SyncRequest.safeParse(request({ batchId: 'x'.repeat(101) })).success).toBe(false);
    expect(SyncRequest.safeParse(request({ changes: [] })).success).toBe(false);
    const many = (n: number) => Array.from({ length: n }, () => ({ id, baseVersion: 0, row: row() }));
    expect(SyncRequest.safeParse(request({ changes: many(500) })).success).toBe(true);
    expect(SyncRequest.safeParse(request({ changes: many(501) })).success).toBe(false);
  });

  test('a change names its row by UUID (kept in lower case) and the version it last saw; a deletion says deleted: true', () => {
    const parsed = SyncRequest.parse(request({ changes: [{ id, baseVersion: 3, row: row() }, { id, baseVersion: 4, deleted: true }] }));
    expect(parsed.changes.map((c) => [c.id, c.baseVersion, 'deleted' in c])).toEqual([
      [id.toLowerCase(), 3, false],
      [id.toLowerCase(), 4, true],
    ]);
    expect(SyncRequest.safeParse(request({ changes: [{ id, baseVersion: -1, row: row() }] })).success).toBe(false);
    expect(SyncRequest.safeParse(request({ changes: [{ id, baseVersion: 0, deleted: false }] })).success).toBe(false);
    expect(SyncRequest.safeParse(request({ changes: [{ id, baseVersion: 0, row: row(), extra: 1 }] })).success).toBe(false);
  });
});
