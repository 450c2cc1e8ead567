/**
 * The one error handler, registered after every route: maps AppError kinds to statuses and
 * Express's own body-parser errors to the same kinds; anything else is a 500 whose body says
 * nothing about the inside (the stack goes to the log only).
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, ErrorKind, type ErrorBody } from '../../shared';
import type { AppDeps } from '../deps';

export const STATUS_OF_KIND: Readonly<Record<ErrorKind, number>> = {
  [ErrorKind.badRequest]: 400,
  [ErrorKind.unauthorized]: 401,
  [ErrorKind.forbidden]: 403,
  [ErrorKind.notFound]: 404,
  [ErrorKind.conflict]: 409,
  [ErrorKind.tooLarge]: 413,
  [ErrorKind.unsupportedMediaType]: 415,
  [ErrorKind.unreadableWorkbook]: 422,
  [ErrorKind.tooManyRequests]: 429,
  [ErrorKind.unavailable]: 503,
  [ErrorKind.insufficientStorage]: 507,
};

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  code?: string;
}

/**
 * Express's body parsers and router mark the errors they throw with a status (http-errors'
 * convention); some (a broken gzip body, a path parameter that is not valid percent-encoding)
 * carry no `type`, and must still be the client's 400, not a 500.
 */
function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';
}

/** Express's body parsers throw their own errors; give them our kinds and plain words. */
function fromBodyParser(error: BodyParserError, path: string): AppError | null {
  // Only a sync batch is made of rows; an upload is one workbook.
  const advice = path.endsWith('/returns')
    ? 'Save the workbook without pictures or unused sheets and upload it again.'
    : path.endsWith('/sync')
      ? 'Send fewer rows per batch.'
      : 'Send a smaller body.';
  if (error instanceof URIError && error.status === 400) {
    return new AppError(ErrorKind.badRequest, 'bad-url-encoding', 'The address has a broken %-encoding (a % must be followed by two hex digits of valid UTF-8). Check the link.');
  }
  if (error.type === undefined && typeof error.code === 'string' && error.code.startsWith('Z_')) {
    return new AppError(ErrorKind.badRequest, 'bad-content-encoding', 'The body says it is compressed (Content-Encoding) but could not be decompressed. Send it uncompressed, or as valid gzip.');
  }
  switch (error.type) {
    case 'entity.parse.failed':
      return new AppError(ErrorKind.badRequest, 'malformed-json', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new AppError(ErrorKind.tooLarge, 'body-too-large', `The request body is larger than the ${error.limit ?? 'allowed'}-byte limit. ${advice}`, { limit: error.limit ?? null });
    case 'encoding.unsupported':
      // body-parser inflates gzip, deflate and br; anything else is refused here.
      return new AppError(ErrorKind.unsupportedMediaType, 'unsupported-encoding', 'This Content-Encoding is not supported. Send the body uncompressed, or compressed with gzip, deflate or br.');
    case 'charset.unsupported':
      return new AppError(ErrorKind.unsupportedMediaType, 'unsupported-charset', 'This charset is not supported. Send the body as UTF-8 (Content-Type: application/json; charset=utf-8).');
    case 'request.aborted':
      return new AppError(ErrorKind.badRequest, 'request-aborted', 'The request was cut off before its body arrived.');
    case 'request.size.invalid':
      return new AppError(ErrorKind.badRequest, 'request-size-invalid', 'The body did not match its Content-Length.');
    default:
      return error.status !== undefined && error.status >= 400 && error.status < 500
        ? new AppError(ErrorKind.badRequest, 'bad-request', 'The request could not be read.')
        : null;
  }
}

export function notFound(): RequestHandler {
  return (req) => {
    throw new AppError(ErrorKind.notFound, 'not-found', `Nothing here: ${req.method} ${req.path}.`);
  };
}

export function errorHandler(deps: AppDeps): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known =
      error instanceof AppError ? error : (deps.store.noteFailure(error) ?? (isBodyParserError(error) ? fromBodyParser(error, req.path) : null));
    const status = known ? STATUS_OF_KIND[known.kind] : 500;
    if (known) deps.logger.info({ method: req.method, url: req.originalUrl, status, code: known.code }, known.message);
    else deps.logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unexpected error');
    const body: ErrorBody = known
      ? { error: { code: known.code, message: known.message, details: known.details ?? null } }
      : { error: { code: 'internal', message: 'Something went wrong on the service; it has been logged. Try again, and tell the coordinator if it keeps happening.', details: null } };
    if (res.headersSent) {
      // Too late for a clean answer: end the response so the client is not left waiting.
      res.end();
      return;
    }
    res.status(status).json(body);
  };
}
