/** The exception rows the service sends (shared/merge's ExceptionRow), parsed on the page. */
import { z } from 'zod';

export const ExceptionRowSchema = z.object({
  district: z.string(),
  status: z.enum(['At risk', 'Exceptional']),
  outcome: z.string(),
  aim: z.string(),
  action: z.string(),
  update: z.string(),
});
