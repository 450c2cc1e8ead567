/**
 * The partnership configuration at its edges (shared/config/schema.ts): what an administrator
 * may write in the file and the clear refusal for what they may not, the month before and after
 * a period (the catalogue's spans), and the board's own outcome names.
 */
import { DEFAULT_CONFIG, parseConfig, type PartnershipConfig } from '../../../shared';
import { getBoardOutcomeLabel, periodAfter, periodBefore } from '../../../shared/config/schema';

/** The message for the default configuration with one change, or "ok". */
function check(change: (config: PartnershipConfig) => void): string {
  const config = structuredClone(DEFAULT_CONFIG);
  change(config);
  const result = parseConfig(config);
  return result.ok ? 'ok' : result.message.replace('invalid partnership configuration: ', '');
}

test.each([
  ['2009-01', '2008-12', '2009-02'],
  ['2008-12', '2008-11', '2009-01'],
  ['2008-10', '2008-09', '2008-11'],
  ['2008-09', '2008-08', '2008-10'],
  ['2000-01', '1999-12', '2000-02'],
])('the month before %s is %s, after it %s', (id, before, after) => {
  expect(periodBefore(id)).toBe(before);
  expect(periodAfter(id)).toBe(after);
});

test('district codes: 2 to 10 capitals or digits starting with a letter, trimmed; names 1 to 200 characters', () => {
  expect(check((c) => (c.districts[0]!.code = ' NW2 '))).toBe('ok');
  expect(check((c) => (c.districts[0]!.code = 'ABCDEFGHIJ'))).toBe('ok');
  for (const code of ['B', 'ABCDEFGHIJK', '2BDC', 'bdc', 'B-DC']) {
    expect(check((c) => (c.districts[0]!.code = code))).toBe('districts.0.code: a district code is 2-10 capital letters or digits, e.g. HBBC');
  }
  expect(check((c) => (c.districts[0]!.name = ' '))).toMatch(/^districts\.0\.name: /);
  expect(check((c) => (c.districts[0]!.name = 'x'.repeat(200)))).toBe('ok');
  expect(check((c) => (c.districts[0]!.name = 'x'.repeat(201)))).toMatch(/^districts\.0\.name: /);
});

test('a district tag another district already uses, or its own code again, is refused', () => {
  expect(check((c) => c.districts[0]!.tags.push('HBBC'))).toMatch(/^districts\.\d+: duplicate district tag "HBBC"$/);
  expect(check((c) => c.districts[0]!.tags.push('Blaby'))).toBe('ok');
  expect(check((c) => c.districts[0]!.tags.push(''))).toMatch(/^districts\.0\.tags\.\d+: /);
});

test('outcome and aim codes: one capital letter; the letter and a digit 1–9', () => {
  expect(check((c) => (c.outcomes[0]!.code = 'h'))).toMatch(/^outcomes\.0\.code: an outcome code is one capital letter, e.g. H/);
  expect(check((c) => (c.outcomes[0]!.code = 'HH'))).toMatch(/^outcomes\.0\.code: an outcome code is one capital letter/);
  expect(check((c) => (c.outcomes[0]!.aims[0]!.code = 'H0'))).toBe('outcomes.0.aims.0.code: an aim code is the outcome letter and a digit, e.g. S1');
  expect(check((c) => (c.outcomes[0]!.aims[0]!.code = 'H10'))).toMatch(/an aim code is the outcome letter and a digit/);
  expect(check((c) => (c.outcomes[0]!.aims[0]!.code = 'H9'))).toBe('ok');
  expect(check((c) => (c.outcomes[0]!.aims[1]!.code = 'H1'))).toBe('outcomes.0.aims.1: duplicate aim code "H1"');
  expect(check((c) => (c.outcomes[1]!.code = 'H'))).toMatch(/duplicate outcome code "H"/);
  expect(check((c) => (c.outcomes[0]!.aims = []))).toMatch(/^outcomes\.0\.aims: /);
});

test('LAA refs: a code 1 to 40 characters, unique however cased; a title up to 300', () => {
  expect(check((c) => c.laaRefs.push({ code: 'sc7' }))).toMatch(/^laaRefs\.\d+: duplicate LAA ref "sc7"$/);
  expect(check((c) => c.laaRefs.push({ code: 'x'.repeat(40), title: 't'.repeat(300) }))).toBe('ok');
  expect(check((c) => c.laaRefs.push({ code: 'x'.repeat(41) }))).toMatch(/^laaRefs\.\d+\.code: /);
  expect(check((c) => c.laaRefs.push({ code: 'NEW1', title: 't'.repeat(301) }))).toMatch(/^laaRefs\.\d+\.title: /);
  expect(check((c) => c.laaRefs.push({ code: '  ' }))).toMatch(/^laaRefs\.\d+\.code: /);
});

test('periods: unique ids, a label, and a deadline written YYYY-MM-DD', () => {
  expect(check((c) => (c.periods[0]!.deadline = '2007-11-30'))).toBe('ok');
  expect(check((c) => (c.periods[0]!.deadline = '30/11/2007'))).toBe('periods.0.deadline: a deadline is YYYY-MM-DD');
  expect(check((c) => (c.periods[0]!.deadline = '2007-11-30T00:00'))).toBe('periods.0.deadline: a deadline is YYYY-MM-DD');
  expect(check((c) => c.periods.push({ ...c.periods[0]! }))).toMatch(/duplicate period id "2007-10"/);
  expect(check((c) => (c.periods = []))).toMatch(/^periods: /);
  expect(check((c) => (c.periods[0]!.label = ''))).toMatch(/^periods\.0\.label: /);
});

test('quotas: each within its bounds, and no key the service does not know', () => {
  expect(check((c) => (c.quotas = { rowsPerPeriod: 1, charactersPerRow: 1000, charactersPerPeriod: 10_000 }))).toBe('ok');
  expect(check((c) => (c.quotas = { rowsPerPeriod: 1_000_000, charactersPerRow: 10_000_000, charactersPerPeriod: 1_000_000_000 }))).toBe('ok');
  expect(check((c) => (c.quotas = { rowsPerPeriod: 0 }))).toMatch(/^quotas\.rowsPerPeriod: /);
  expect(check((c) => (c.quotas = { charactersPerRow: 999 }))).toMatch(/^quotas\.charactersPerRow: /);
  expect(check((c) => (c.quotas = { charactersPerPeriod: 9_999 }))).toMatch(/^quotas\.charactersPerPeriod: /);
  expect(check((c) => (c.quotas = { rowsPerPeriod: 1_000_001 }))).toMatch(/^quotas\.rowsPerPeriod: /);
  expect(check((c) => (c.quotas = { rowsPerDay: 5 } as never))).toMatch(/^quotas: /);
});

test('the board\'s own name for an outcome, else its configured name; a letter no outcome has is ignored', () => {
  const config = { ...DEFAULT_CONFIG, boardOutcomeLabels: { S: 'Stay Safe', Z: 'Unknown' } };
  expect(check((c) => (c.boardOutcomeLabels = { S: 'Stay Safe', Z: 'Unknown' }))).toBe('ok');
  expect(check((c) => (c.boardOutcomeLabels = { S: ' ' }))).toMatch(/^boardOutcomeLabels\.S: /);
  expect(getBoardOutcomeLabel(config, config.outcomes[1]!)).toBe('Stay Safe');
  expect(getBoardOutcomeLabel(config, config.outcomes[0]!)).toBe('Be healthy');
  expect(getBoardOutcomeLabel(DEFAULT_CONFIG, DEFAULT_CONFIG.outcomes[1]!)).toBe(DEFAULT_CONFIG.boardOutcomeLabels?.S ?? 'Stay safe');
});

test('column labels: 1 to 60 characters, at most 100 to a column; a column left out keeps its defaults', () => {
  expect(check((c) => (c.columns.update = ['x'.repeat(60)]))).toBe('ok');
  expect(check((c) => (c.columns.update = ['x'.repeat(61)]))).toMatch(/^columns\.update\.0: /);
  expect(check((c) => (c.columns.update = Array.from({ length: 101 }, (_, i) => `Update ${i}`)))).toMatch(/^columns\.update: /);
  const config = structuredClone(DEFAULT_CONFIG) as { columns: Partial<PartnershipConfig['columns']> };
  delete config.columns.status;
  const result = parseConfig(config);
  expect(result.ok && result.config.columns.status).toEqual(['Status', 'RAG', 'RAG status', 'Progress status', 'RAG rating']);
});
