/**
 * The partnership configuration: who the districts are, the five ECM outcomes with their
 * aims, the LAA reference catalogue and the reporting periods. One JSON file, checked here,
 * so the add-in, the service and the master all agree on the same words.
 */
import { z } from 'zod';
import { formatIssues } from '../errors';

const Code = z.string().trim().min(1).max(20);

export const District = z.object({
  code: z.string().trim().regex(/^[A-Z][A-Z0-9]{1,9}$/, 'a district code is 2-10 capital letters or digits, e.g. HBBC'),
  name: z.string().trim().min(1).max(200),
  /** Other tags officers use for this district in update text, e.g. NWL for NWLDC. */
  tags: z.array(Code).default([]),
});
export type District = z.infer<typeof District>;

export const Aim = z.object({
  code: z.string().trim().regex(/^[A-Z][1-9]$/, 'an aim code is the outcome letter and a digit, e.g. S1'),
  name: z.string().trim().min(1).max(300),
  aliases: z.array(z.string().trim().min(1)).default([]),
});
export type Aim = z.infer<typeof Aim>;

export const Outcome = z.object({
  code: z.string().trim().regex(/^[A-Z]$/, 'an outcome code is one capital letter, e.g. H'),
  name: z.string().trim().min(1).max(100),
  /** Other labels seen for this outcome: "Staying Safe", "Economic Wellbeing"… */
  aliases: z.array(z.string().trim().min(1)).default([]),
  aims: z.array(Aim).min(1),
});
export type Outcome = z.infer<typeof Outcome>;

export const LaaRef = z.object({
  code: z.string().trim().min(1).max(40),
  title: z.string().trim().max(300).optional(),
  /** The first period the ref no longer applies to (retired by the coordinator); absent while in use. */
  retiredFrom: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
});
export type LaaRef = z.infer<typeof LaaRef>;

export const Period = z.object({
  id: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period id is YYYY-MM, e.g. 2008-03'),
  label: z.string().trim().min(1).max(100),
  /** The date returns for the period are due (YYYY-MM-DD), when the coordinator set one. */
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a deadline is YYYY-MM-DD').optional(),
});
export type Period = z.infer<typeof Period>;

/**
 * What one district may store, so one district (or one leaked key) cannot make the service's
 * work or its answers grow without bound. Defaults are far above a real return (a district's
 * return is tens of rows of a few hundred characters each).
 */
export const DistrictQuotas = z
  .object({
    /** Live rows per district per period. */
    rowsPerPeriod: z.number().int().min(1).max(1_000_000).optional(),
    /** Characters in one row (all its text fields together). */
    charactersPerRow: z.number().int().min(1000).max(10_000_000).optional(),
    /** Characters of all a district's live rows in a period, as stored. */
    charactersPerPeriod: z.number().int().min(10_000).max(1_000_000_000).optional(),
  })
  .strict();
export type DistrictQuotas = z.infer<typeof DistrictQuotas>;
export const DEFAULT_QUOTAS: Required<DistrictQuotas> = { rowsPerPeriod: 5000, charactersPerRow: 100_000, charactersPerPeriod: 20_000_000 };

export const PartnershipConfig = z
  .object({
    partnership: z.object({
      name: z.string().trim().min(1).max(100),
    }),
    districts: z.array(District).min(1).max(500),
    /** In board order: Be healthy, Stay safe, Enjoy and achieve, Positive contribution, Economic well-being. */
    outcomes: z.array(Outcome).min(1).max(10),
    laaRefs: z.array(LaaRef).max(5000),
    periods: z.array(Period).min(1),
    /** Optional; absent keys take DEFAULT_QUOTAS. */
    quotas: DistrictQuotas.optional(),
  })
  .superRefine((config, ctx) => {
    const seen = (values: string[], path: (string | number)[], what: string, keyOf = (s: string) => s) => {
      const first = new Map<string, number>();
      values.forEach((value, index) => {
        const key = keyOf(value);
        if (first.has(key)) {
          ctx.addIssue({ code: 'custom', path: [...path, index], message: `duplicate ${what} "${value}"` });
        } else first.set(key, index);
      });
    };
    seen(config.districts.map((d) => d.code), ['districts'], 'district code');
    seen(config.districts.flatMap((d) => d.tags.concat(d.code)), ['districts'], 'district tag');
    seen(config.outcomes.map((o) => o.code), ['outcomes'], 'outcome code');
    seen(config.periods.map((p) => p.id), ['periods'], 'period id');
    seen(config.laaRefs.map((r) => r.code), ['laaRefs'], 'LAA ref', (s) => s.toUpperCase());
    config.outcomes.forEach((outcome, o) => {
      outcome.aims.forEach((aim, a) => {
        if (aim.code[0] !== outcome.code) {
          ctx.addIssue({
            code: 'custom',
            path: ['outcomes', o, 'aims', a, 'code'],
            message: `aim ${aim.code} must start with its outcome's letter ${outcome.code}`,
          });
        }
      });
      seen(outcome.aims.map((a) => a.code), ['outcomes', o, 'aims'], 'aim code');
    });
  });
export type PartnershipConfig = z.infer<typeof PartnershipConfig>;

export type ConfigResult = { ok: true; config: PartnershipConfig } | { ok: false; message: string };

/** Checks a parsed JSON value; the message names every failing field by its path. */
export function parseConfig(value: unknown): ConfigResult {
  const result = PartnershipConfig.safeParse(value);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, message: `invalid partnership configuration: ${formatIssues(result.error.issues)}` };
}
