/**
 * How the reader knows an outcome or an aim from what an officer typed (shared/grid/context.ts):
 * by name, alias or code letter in any case; inside a sheet name or a title line; an aim by
 * code or wording, preferring the row's own outcome. A partnership's own wording comes from its
 * configuration, so a configuration built here stands for one with other words.
 */
import { DEFAULT_CONFIG, type PartnershipConfig } from '../../../shared';
import { getGridContext } from '../../../shared/grid/context';

const context = getGridContext(DEFAULT_CONFIG);
const name = (outcome: { name: string } | undefined) => outcome?.name;

test.each([
  ['Stay safe', 'Stay safe'],
  ['STAY SAFE', 'Stay safe'],
  ['  stay   safe ', 'Stay safe'],
  ['Staying safe', 'Stay safe'],
  ['Safe', 'Stay safe'],
  ['s', 'Stay safe'],
  ['S', 'Stay safe'],
  ['e', 'Achieve economic well-being'],
  ['Economic well being', 'Achieve economic well-being'],
  ['Enjoy & achieve', 'Enjoy and achieve'],
  ['Stay safe at home', undefined],
  ['X', undefined],
  ['', undefined],
])('the Outcome cell %j is %j', (typed, outcome) => {
  expect(name(context.matchOutcome(typed))).toBe(outcome);
});

test.each([
  ['CONTRIBUTION – STAY SAFE', 'Stay safe'],
  ['Stay Safe', 'Stay safe'],
  ['Actions for being healthy 2008', 'Be healthy'],
  ['Economic well-being (district)', 'Achieve economic well-being'],
  // The longest label found wins: "achieve economic well-being" before "enjoy and achieve"'s words.
  ['Achieve economic well-being', 'Achieve economic well-being'],
  // A short alias ("Safe", four letters) is matched only as the whole text, never inside a word.
  ['Unsafe practices', undefined],
  ['Safe', 'Stay safe'],
  ['Summary', undefined],
  ['', undefined],
  ['  ', undefined],
])('the sheet or title %j names the outcome %j', (text, outcome) => {
  expect(name(context.findOutcomeIn(text))).toBe(outcome);
});

test('outcome and aim codes in any case; an unknown code is nothing', () => {
  expect(name(context.outcomeByCode('S'))).toBe('Stay safe');
  expect(name(context.outcomeByCode('h'))).toBe('Be healthy');
  expect(context.outcomeByCode('Z')).toBeUndefined();
  expect(context.aimByCode('S1')?.aim.code).toBe('S1');
  expect(context.aimByCode('e4')?.aim.code).toBe('E4');
  expect(name(context.aimByCode('e4')?.outcome)).toBe('Achieve economic well-being');
  expect(context.aimByCode('S99')).toBeUndefined();
});

test('an aim by its wording or a configured paraphrase, in any case', () => {
  expect(context.aimByWording('Provision of appropriate transport', undefined)?.aim.code).toBe('E4');
  expect(context.aimByWording('PROVISION OF APPROPRIATE TRANSPORT', undefined)?.aim.code).toBe('E4');
  const s1 = DEFAULT_CONFIG.outcomes.find((o) => o.code === 'S')!.aims[0]!;
  expect(context.aimByWording(s1.name.toLowerCase(), undefined)?.aim.code).toBe('S1');
  expect(context.aimByWording('Something else entirely', undefined)).toBeUndefined();
});

/** The default configuration with outcomes and aims changed as a partnership might. */
function configWith(change: (config: PartnershipConfig) => void): PartnershipConfig {
  const config = structuredClone(DEFAULT_CONFIG);
  change(config);
  return config;
}

test('one wording under two outcomes: the row\'s own outcome\'s aim, else the first', () => {
  const config = configWith((c) => {
    c.outcomes.find((o) => o.code === 'S')!.aims[0]!.aliases.push('Safer streets');
    c.outcomes.find((o) => o.code === 'H')!.aims[1]!.aliases.push('Safer streets');
  });
  const ctx = getGridContext(config);
  const safe = ctx.outcomeByCode('S')!;
  const healthy = ctx.outcomeByCode('H')!;
  expect(ctx.aimByWording('Safer streets', healthy)?.aim.code).toBe(healthy.aims[1]!.code);
  expect(ctx.aimByWording('Safer streets', safe)?.aim.code).toBe('S1');
  // No outcome on the row: the first in the configuration's order.
  expect(ctx.aimByWording('Safer streets', undefined)?.aim.code).toBe(healthy.aims[1]!.code);
  // Both entries are kept: the second wording did not replace the first.
  expect(ctx.aimByWording('safer streets', safe)?.outcome).toBe(safe);
});

test('a label of six letters is found inside a longer title; a shorter one only on its own; the longest label wins', () => {
  const config = configWith((c) => {
    c.outcomes.find((o) => o.code === 'H')!.aliases.push('Health', 'Fit');
    c.outcomes.find((o) => o.code === 'C')!.aliases.push('Health services');
  });
  const ctx = getGridContext(config);
  expect(name(ctx.findOutcomeIn('District health plan'))).toBe('Be healthy');
  expect(name(ctx.findOutcomeIn('Fitness'))).toBeUndefined();
  expect(name(ctx.findOutcomeIn('Fit'))).toBe('Be healthy');
  // "health services" (15) contains "health" (6): the longer label decides, in either order of the configuration.
  expect(name(ctx.findOutcomeIn('Health services review'))).toBe('Make a positive contribution');
  const reversed = getGridContext(
    configWith((c) => {
      c.outcomes.find((o) => o.code === 'H')!.aliases.push('Health services');
      c.outcomes.find((o) => o.code === 'A')!.aliases.push('Health');
    }),
  );
  expect(name(reversed.findOutcomeIn('Health services review'))).toBe('Be healthy');
  expect(name(reversed.findOutcomeIn('Health review'))).toBe('Enjoy and achieve');
});

test('a blank title names no outcome, even where an alias is punctuation only', () => {
  const ctx = getGridContext(configWith((c) => c.outcomes.find((o) => o.code === 'S')!.aliases.push('-')));
  expect(ctx.findOutcomeIn('')).toBeUndefined();
  expect(ctx.findOutcomeIn(' – ')).toBeUndefined();
  expect(name(ctx.findOutcomeIn('Stay safe'))).toBe('Stay safe');
});

test('the context is made once per configuration, and a configuration without a header table uses the defaults', () => {
  expect(getGridContext(DEFAULT_CONFIG)).toBe(context);
  const { columns: _columns, ...withoutColumns } = DEFAULT_CONFIG;
  const ctx = getGridContext(withoutColumns as PartnershipConfig);
  expect(ctx).not.toBe(context);
  for (const label of ['Progress to date', 'Key actions', 'NI ref', 'RAG', 'Lead officer']) {
    expect(ctx.headerLabels.fieldOf(label)).toBe(context.headerLabels.fieldOf(label));
  }
  expect(ctx.headerLabels.fieldOf('Progress to date')).toBe('update');
  expect(ctx.catalogue.lookup('sc 7')).toBe('SC7');
});
