/**
 * A file-system error as one plain line for a person: "no such file", not
 * "ENOENT: no such file or directory, stat 'x.xlsx'". Node's error codes are listed at
 * https://nodejs.org/api/errors.html#common-system-errors.
 */
import { isAppError } from '../../shared';

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'is a folder, not a workbook',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
};

export function describeFileError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in FILE_ERRORS) return FILE_ERRORS[code]!;
  const message = isAppError(error) || error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
