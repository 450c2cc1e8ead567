/**
 * Reading an uploaded or local .xlsx return. Placeholder signature; implemented in the
 * foundation issue's workbook reader.
 */
import type { CheckedReturn, PartnershipConfig } from '../../shared';
import { AppError, ErrorKind } from '../../shared';

export interface ReadWorkbookOptions {
  /** Wall-clock limit for unpacking and reading. */
  timeoutMs?: number;
}

export async function readReturnWorkbook(
  _data: Uint8Array,
  _config: PartnershipConfig,
  _options: ReadWorkbookOptions = {},
): Promise<CheckedReturn> {
  throw new AppError(ErrorKind.unreadableWorkbook, 'not-implemented', 'reading workbooks is not available yet');
}
