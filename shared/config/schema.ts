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

/** A period id: the year and month of the return, YYYY-MM ("2008-03"); ids sort as text. */
export const PeriodId = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period id is YYYY-MM, e.g. 2008-03');
export type PeriodId = z.infer<typeof PeriodId>;

/**
 * One entry of the LAA reference catalogue. `from` and `until` (period ids, both inclusive,
 * either may be absent) say when the code was in use: the National Indicator Set applies from
 * April 2008 (`from: "2008-04"`), when it replaced most local LAA codes (DOMAIN.md, "LAA
 * references"); a local code a partnership retired gets an `until`.
 */
export const LaaRef = z
  .object({
    code: z.string().trim().min(1).max(40),
    title: z.string().trim().max(300).optional(),
    from: PeriodId.optional(),
    until: PeriodId.optional(),
    /** The first period the ref no longer applies to (retired by the coordinator); absent while in use. */
    retiredFrom: PeriodId.optional(),
  })
  .refine((ref) => ref.from === undefined || ref.until === undefined || ref.from <= ref.until, {
    message: 'an LAA ref cannot end ("until") before it starts ("from")',
    path: ['until'],
  });
export type LaaRef = z.infer<typeof LaaRef>;

export const Period = z.object({
  id: PeriodId,
  label: z.string().trim().min(1).max(100),
  /** The date returns for the period are due (YYYY-MM-DD), when the coordinator set one. */
  deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a deadline is YYYY-MM-DD').optional(),
});
export type Period = z.infer<typeof Period>;

const ColumnLabel = z.string().trim().min(1).max(60);
const labels = (defaults: string[]) => z.array(ColumnLabel).max(100).default(defaults);

/**
 * The header wordings each column of a return is recognised by, when a partnership's config
 * leaves a column out (and for config files written before the table existed). The add-in's
 * own labels ("District Update", …) are always recognised as well.
 */
export const DEFAULT_COLUMN_LABELS = {
  outcome: ['Outcome', 'ECM outcome', 'Every Child Matters outcome'],
  aim: ['Aim', 'ECM aim', 'Aim code', 'Aim ref', 'Objective'],
  laaRef: [
    'LAA Ref',
    'LAA',
    'LAA Reference',
    'LAA ref no',
    'LAA indicator',
    'LAA target',
    'National Indicator',
    'NI',
    'NI ref',
    'NI number',
    'Indicator',
    'PI',
    'Performance indicator',
    'Ref',
    'Reference',
  ],
  action: ['Actions', 'Action', 'Key actions', 'Agreed actions', 'Action(s)', 'Actions planned'],
  update: [
    'District Update',
    'Update',
    'Borough update',
    'District/Borough update',
    'Progress',
    'Progress to date',
    'Progress update',
    'Update on progress',
    'Comments',
    'Commentary',
  ],
  status: ['Status', 'RAG', 'RAG status', 'Progress status', 'RAG rating'],
  id: ['Row ID', 'ID', 'District Returns ID'],
};

/**
 * Header labels by column, matched forgiving case, punctuation, plurals and extra words
 * (shared/grid/header.ts): a partnership adds its own wording here without code.
 */
export const ColumnLabels = z.object({
  outcome: labels(DEFAULT_COLUMN_LABELS.outcome),
  aim: labels(DEFAULT_COLUMN_LABELS.aim),
  laaRef: labels(DEFAULT_COLUMN_LABELS.laaRef),
  action: labels(DEFAULT_COLUMN_LABELS.action),
  update: labels(DEFAULT_COLUMN_LABELS.update),
  status: labels(DEFAULT_COLUMN_LABELS.status),
  id: labels(DEFAULT_COLUMN_LABELS.id),
});
export type ColumnLabels = z.infer<typeof ColumnLabels>;

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
    /** Header wordings by column; absent (older files) means DEFAULT_COLUMN_LABELS. */
    columns: ColumnLabels.prefault({}),
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

/** The period a check is for when the caller names none: the configuration's latest. */
export function latestPeriod(config: Pick<PartnershipConfig, 'periods'>): Period {
  let latest = config.periods[0]!;
  for (const period of config.periods) if (period.id > latest.id) latest = period;
  return latest;
}

export type ConfigResult = { ok: true; config: PartnershipConfig } | { ok: false; message: string };

/** Checks a parsed JSON value; the message names every failing field by its path. */
export function parseConfig(value: unknown): ConfigResult {
  const result = PartnershipConfig.safeParse(value);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, message: `invalid partnership configuration: ${formatIssues(result.error.issues)}` };
}
