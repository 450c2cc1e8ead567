import { DEFAULT_CONFIG, parseConfig } from '../../../shared';

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
});
