/** Every boundary parses: request bodies and queries go through zod, failures become 400s. */
import type { z } from 'zod';
import { AppError, ErrorKind, formatIssues } from '../../shared';

export function parseInput<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  throw new AppError(ErrorKind.badRequest, 'invalid-input', `The ${what} is not valid: ${formatIssues(result.error.issues)}.`, { issues });
}
