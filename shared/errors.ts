/**
 * The few error kinds the product raises. Routes and commands throw these; one Express
 * error handler (server/http/error-handler.ts) maps each kind to a status and the body
 * `{ error: { code, message, details } }`; the CLI maps them to exit codes.
 */
export const ErrorKind = {
  badRequest: 'bad-request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not-found',
  conflict: 'conflict',
  tooLarge: 'too-large',
  unsupportedMediaType: 'unsupported-media-type',
  unreadableWorkbook: 'unreadable-workbook',
  tooManyRequests: 'too-many-requests',
  /** The service cannot do the work now (its database damaged or unreadable): 503. */
  unavailable: 'unavailable',
  /** The service's disk is full: 507 Insufficient Storage (RFC 4918 §11.5). */
  insufficientStorage: 'insufficient-storage',
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: unknown;

  constructor(kind: ErrorKind, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.details = details ?? null;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

interface IssueLike {
  path: PropertyKey[];
  message: string;
}

/** "districts.2.code: a district code is …; periods: …" — short, field by field. */
export function formatIssues(issues: readonly IssueLike[], limit = 5): string {
  const parts = issues.slice(0, limit).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  if (issues.length > limit) parts.push(`and ${issues.length - limit} more`);
  return parts.join('; ');
}
