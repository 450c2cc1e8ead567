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
