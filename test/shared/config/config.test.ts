import { DEFAULT_COLUMN_LABELS, DEFAULT_CONFIG, latestPeriod, parseConfig } from '../../../shared';

describe('partnership configuration', () => {
  it('ships Leicestershire with its seven districts, five outcomes in board order and the seeds\' LAA refs', () => {
    expect(DEFAULT_CONFIG.partnership.name).toBe('Leicestershire');
    expect(DEFAULT_CONFIG.districts.map((d) => d.code)).toEqual(['BDC', 'CBC', 'HDC', 'HBBC', 'MBC', 'NWLDC', 'OWBC']);
    expect(DEFAULT_CONFIG.districts.find((d) => d.code === 'NWLDC')?.tags).toEqual(['NWL']);
    expect(DEFAULT_CONFIG.outcomes.map((o) => o.code)).toEqual(['H', 'S', 'A', 'C', 'E']);
    expect(DEFAULT_CONFIG.outcomes.every((o) => o.aims.length === 5)).toBe(true);
    const refs = DEFAULT_CONFIG.laaRefs.map((r) => r.code);
    for (const seen of ['SC7', 'HC3', 'CYP7', 'SC3.1', 'St.C4(c)', 'CYP8', 'CYP1', 'St.C1(c)', 'SC5.1', 'SC5.2', 'HC2.4', 'CG4.2']) {
      expect(refs).toContain(seen);
    }
    for (let i = 1; i <= 8; i++) expect(refs).toContain(`CYP${i}`);
    expect(DEFAULT_CONFIG.periods.map((p) => p.id)).toEqual(['2007-10', '2008-03', '2008-08']);
  });

  it('refuses a file with a bad field, naming the field', () => {
    const bad = structuredClone(DEFAULT_CONFIG) as unknown as { districts: { code: string }[] };
    bad.districts[2]!.code = 'harborough';
    const result = parseConfig(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/districts\.2\.code/);
  });

  it('refuses duplicate district codes and an aim filed under the wrong outcome letter', () => {
    const dup = structuredClone(DEFAULT_CONFIG);
    dup.districts.push({ ...dup.districts[0]! });
    const dupResult = parseConfig(dup);
    expect(dupResult.ok).toBe(false);
    if (!dupResult.ok) expect(dupResult.message).toMatch(/duplicate district code "BDC"/);

    const wrongAim = structuredClone(DEFAULT_CONFIG);
    wrongAim.outcomes[0]!.aims[0]!.code = 'S1';
    const aimResult = parseConfig(wrongAim);
    expect(aimResult.ok).toBe(false);
    if (!aimResult.ok) expect(aimResult.message).toMatch(/outcomes\.0\.aims\.0\.code: aim S1 must start with its outcome's letter H/);
  });

  it('lets a partnership choose its own outcome letters', () => {
    const custom = structuredClone(DEFAULT_CONFIG);
    const enjoy = custom.outcomes[2]!;
    enjoy.code = 'J';
    enjoy.aims = enjoy.aims.map((aim, i) => ({ ...aim, code: `J${i + 1}` }));
    expect(parseConfig(custom).ok).toBe(true);
  });

  it('ships the National Indicator Set, NI 1 to NI 198, in use from April 2008, codes only', () => {
    const ni = DEFAULT_CONFIG.laaRefs.filter((r) => r.code.startsWith('NI '));
    expect(ni.map((r) => r.code)).toEqual(Array.from({ length: 198 }, (_, i) => `NI ${i + 1}`));
    expect(ni.every((r) => r.from === '2008-04' && r.until === undefined && r.title === undefined)).toBe(true);
    // The local codes stay open: which were retired is not known from the seeds.
    expect(DEFAULT_CONFIG.laaRefs.filter((r) => !r.code.startsWith('NI ')).every((r) => r.from === undefined && r.until === undefined)).toBe(true);
  });

  it('reads a file written before the column labels and LAA periods existed, with the default labels', () => {
    const older = structuredClone(DEFAULT_CONFIG) as Partial<typeof DEFAULT_CONFIG>;
    delete older.columns;
    older.laaRefs = [{ code: 'SC7', title: 'Safer communities' }];
    const result = parseConfig(older);
    if (!result.ok) throw new Error(result.message);
    expect(result.config.columns).toEqual(DEFAULT_COLUMN_LABELS);
    expect(result.config.laaRefs).toEqual([{ code: 'SC7', title: 'Safer communities' }]);
  });

  it('ships the default column labels in Leicestershire\'s file', () => {
    expect(DEFAULT_CONFIG.columns).toEqual(DEFAULT_COLUMN_LABELS);
    expect(DEFAULT_CONFIG.columns.update).toEqual(expect.arrayContaining(['Progress', 'Progress to date', 'Comments', 'Update on progress']));
  });

  it('refuses an LAA ref that ends before it starts, a period that is not YYYY-MM, and an empty label', () => {
    const bad = (patch: object) => parseConfig({ ...DEFAULT_CONFIG, ...patch });
    const backwards = bad({ laaRefs: [{ code: 'SC7', from: '2008-04', until: '2008-03' }] });
    expect(backwards).toEqual({ ok: false, message: 'invalid partnership configuration: laaRefs.0.until: an LAA ref cannot end ("until") before it starts ("from")' });
    expect(bad({ laaRefs: [{ code: 'SC7', from: '2008-13' }] })).toEqual({ ok: false, message: 'invalid partnership configuration: laaRefs.0.from: a period id is YYYY-MM, e.g. 2008-03' });
    expect(bad({ columns: { update: [''] } }).ok).toBe(false);
    expect(bad({ laaRefs: [{ code: 'SC7', from: '2008-04', until: '2008-04' }] }).ok).toBe(true);
  });

  it('takes the latest period as the one a check is for by default, whatever the order', () => {
    expect(latestPeriod(DEFAULT_CONFIG).id).toBe('2008-08');
    expect(latestPeriod({ periods: [{ id: '2008-03', label: 'b' }, { id: '2009-01', label: 'c' }, { id: '2007-10', label: 'a' }] }).id).toBe('2009-01');
  });
});
