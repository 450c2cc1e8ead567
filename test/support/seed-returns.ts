/**
 * The March 2008 master appendix (seed 001) given back as the three districts' returns it was
 * made from: HDC, HBBC and NWLDC each keep the whole plan, one sheet per outcome laid out as
 * officers keep it (title, period line, header, blank Outcome/Aim carried down), with only
 * their own part of the District Update text filled in. Merged, they should give the board's
 * tables again.
 */
import { randomUUID } from 'node:crypto';
import { checkReturn, DEFAULT_CONFIG, type RowPayload, type SheetInput } from '../../shared';
import type { DistrictReturn } from '../../shared/merge';

export const SEED_PERIOD = '2008-03';
export const SEED_DISTRICTS = ['HDC', 'HBBC', 'NWLDC'] as const;
export type SeedDistrict = (typeof SEED_DISTRICTS)[number];

type Updates = Partial<Record<SeedDistrict, string>>;

interface PlanRow {
  outcome: string;
  aim: string;
  refs: string;
  action: string;
  updates: Updates;
  /** How NWLDC's officer typed the action, when not word for word. */
  nwldcAction?: string;
}

interface PlanSheet {
  title: string;
  name: string;
  rows: PlanRow[];
}

const S1_ACTION =
  "Develop and implement a ‘Child Protection Policy’, with relevant guidelines and protocols and ensure all relevant Council employees are trained and CRB checked.";
const S4_ACTION =
  'To produce a proactive and responsive multi-agency approach to reduce the incidents of anti social behaviour and increase public awareness of anti crime initiatives.';

export const SEED_PLAN: readonly PlanSheet[] = [
  {
    title: 'STAY SAFE',
    name: 'Stay Safe',
    rows: [
      {
        outcome: 'Stay Safe',
        aim: 'S1  Safe from maltreatment, neglect, violence and sexual exploitation',
        refs: '',
        action: S1_ACTION,
        updates: {
          HDC:
            'The development of a toolkit for District Councils to self assess their progress to their safeguarding responsibilities under Section 11 of the Children Act 2004 has been commissioned by Government Office for the East Midlands with the NSPCC as the commissioned partner.\n\nAll District Councils within Leicestershire have agreed to act as a reference group and a pilot for the development of the toolkit.',
          HBBC:
            'New countywide Children and Vulnerable Adults Safeguarding Policies issued to all Districts March 2008.  Adoption process to be implemented as from April 08.\n\nTraining being undertaken by relevant staff.  Seeking dedicated training for Districts.\n\nDCPOs identified for all Districts.  Annual DCPO training planned for each District.',
          NWLDC:
            "External Consultant working with the majority of Districts to develop 'Hear by Right' action plans and the development of strategies to demonstrate how councils adhere to the statutory responsibilities contained within the 2004 Children Act - in particular sections 10 and 11.",
        },
      },
      {
        outcome: 'Stay Safe',
        aim: 'S2  Safe from accidental injury and death',
        refs: 'SC7\n\nHC3',
        action: 'To provide diversionary activities for young people by working pro-actively with partners.',
        updates: {
          NWLDC:
            "'Positive Futures' project rolled out to work in priority neighbourhoods and joined up with YISP/Youth Service workers where possible - NWLDC.",
        },
      },
      {
        outcome: '',
        aim: '',
        refs: 'CYP7',
        action: 'Work towards equality standards in activities offered to young people.',
        updates: { HBBC: 'HBBC achieved level 3.' },
      },
      {
        outcome: 'Stay Safe',
        aim: 'S4  Safe from crime and anti-social behaviour in and out of school\n\n(Ref:  C2)',
        refs: 'SC3.1',
        action: S4_ACTION,
        // Typed with other case, spacing and hyphens: still the same action.
        nwldcAction:
          'To produce a proactive and responsive Multi-Agency approach to reduce the incidents of anti-social behaviour  and increase public awareness of anti-crime initiatives',
        updates: {
          HBBC: 'Links to the new YOT Impact Team are being developed (HBBC).',
          NWLDC: 'NWLDC Multi agency JAG meeting addresses this issue (NWL).',
        },
      },
    ],
  },
  {
    title: 'ECONOMIC WELLBEING',
    name: 'Economic Wellbeing',
    rows: [
      {
        outcome: 'Economic Wellbeing',
        aim: 'E4 Provision of appropriate transport',
        refs: 'St.C4(c)',
        action: 'Identify good practice and delivery from other councils for adoption across Leicestershire.',
        updates: {
          HDC: 'Harborough District Youth Forum to identify need at district level as it was a priority which the young people identified at the 2008 Youth Conference.  District Action Plan to follow.',
        },
      },
    ],
  },
  {
    title: 'BE HEALTHY',
    name: 'Be healthy',
    rows: [
      {
        outcome: 'Be healthy',
        aim: 'H1 Physically Healthy',
        refs: 'CYP8',
        action:
          'To review and develop existing benefits offered to Corporate Parenting children, young people and families (i.e. leisure centres, visitor attractions, cultural events).',
        updates: { HBBC: 'As of March 2008, the LAA target is being achieved.' },
      },
      {
        outcome: '',
        aim: '',
        refs: 'CYP.2',
        action: 'To investigate the development of a Junior Referral Scheme to improve young people’s healthy lifestyles.',
        updates: { HDC: 'New countywide GP referral scheme being developed in partnership with PCT and Districts.' },
      },
      {
        outcome: '',
        aim: '',
        refs: '',
        action: 'Work with the PCT and other partners to develop an area and communities of interest engagement strategy.',
        updates: {
          HBBC: 'Cultural Services are linked in a number of NATs (Neighbourhood Action Teams), with Hinckley and Bosworth along with key stakeholders (HBBC).',
        },
      },
      {
        outcome: '',
        aim: '',
        refs: 'CYP1',
        action: 'Develop top quality and accessible leisure, culture and play facilities across district/borough.',
        updates: { NWLDC: 'Tourism offer is being developed across the Districts via the Tourism Blueprints.' },
      },
    ],
  },
  {
    title: 'MAKING A POSITIVE CONTRIBUTION',
    name: 'Positive contribution',
    rows: [
      {
        outcome: 'Making a positive contribution',
        aim: 'C1  Engage in decision making and support the community and environment',
        refs: 'St.C1(c)\n\nCYP8',
        action:
          'Develop Youth strategy, establish and develop Youth Forums (young people), identify priority areas for supported work/projects, organise annual major youth event.',
        updates: {
          HDC: "'Hear by Right' adopted in four councils, with the rest actively seeking to achieve by March 2008.  LAA target that all Districts to achieve 'emerging' status by March 2009.",
        },
      },
      {
        outcome: 'Making a positive contribution',
        aim: 'C2   Engage in law-abiding and positive behaviour in and out of school \n\n(Ref:  S4)',
        refs: 'SC3.1\n\nCYP7\n\nCYP8\n\nSC5.1\n\nSC5.2',
        action:
          'Work on rehabilitation of young offenders through education and training.  Develop activities for young people ‘at risk’ or involved in anti-social behaviour/youth crime.  Identify anti-social behaviour issues linked to young people and tackle appropriately.  Ensure youth issues worked on in all Community Safety groups/strategies.',
        updates: {
          HBBC: 'Positive results from the Arts Award project (YOT and HBBC) held at Markfield, which targeted young offenders through education and mentoring (HBBC).',
        },
      },
      {
        outcome: 'Making a positive contribution',
        aim: 'C3  Develop positive relationships and choose not to bully or discriminate\n\n(Ref:  S3)',
        refs: 'SC3.1\n\nCYP7',
        action:
          'Measure and improve Community Cohesion.  Develop Community Cohesion strategy.  Develop appropriate local cultural programmes e.g arts and entertainments.  Increase funding for festivals.  Implement anti-racism action plan/project/group.  Support Community Plan and actions linked to young people.  Support and implement multi-faith events.  Promote proactive/preventative anti-social behaviour work with young people.  Develop local facilities with appropriate partners e.g. Parish Council, schools.',
        updates: {
          HDC: 'Countywide Battle of the Bands event planned for all Districts.',
          NWLDC:
            'Districts in the planning stages on how they can positively contribute to the 2009 Disability games being held in Leicester and the 2012 Olympics.',
        },
      },
    ],
  },
  {
    title: 'ENJOY AND ACHIEVE',
    name: 'Enjoy and Achieve',
    rows: [
      {
        outcome: 'Enjoy and Achieve',
        aim: '',
        refs: 'CYP1',
        action: 'Encourage more young people to attend activities and sessions offered at district/borough leisure facilities.',
        updates: { HDC: 'All Districts involved in the development of Extended Services in Schools.' },
      },
      {
        outcome: '',
        aim: '',
        refs: 'CYP1',
        action: 'Encourage the attainment of excellence in sports.',
        updates: {
          HBBC: 'New Sports Awards evening established in Hinckley and Bosworth (HBBC).',
          NWLDC: 'LSA Awards Programme (NWLDC).',
        },
      },
      {
        outcome: 'Enjoy and Achieve',
        aim: '',
        refs: 'HC2.4',
        action:
          'Use Sports Development to create opportunities for young people to participate in sports and activities (i.e. Area Youth Games, Coaching programmes, holiday activities).',
        updates: {
          HBBC: 'Series of new Club Connect leaflets to be distributed to Hinckley and Bosworth schools and libraries in May 2008 (HBBC).',
          HDC: "External funding successful for providing 'street games' within Harborough District Council (HDC).",
        },
      },
      {
        outcome: '',
        aim: '',
        refs: 'CYP1',
        action: 'Develop top quality and accessible leisure, culture and play facilities across district/ borough.',
        updates: {
          HBBC: 'Successful bids to Big Lottery for £200,000 each for development if new play projects locally.\n\nNew Club for Young People agreed for Hinckley and Bosworth - Partnership project that will see a £1.5m new building developed in 2009/10 (HBBC).',
        },
      },
      {
        outcome: '',
        aim: '',
        refs: 'CG4.2',
        action: 'To promote Green Gym style activities to children and young people in districts and boroughs.',
        updates: { NWLDC: "Numerous new Multi Use Games Areas established across Leicestershire.  MUGA's provide outdoor space for teenagers." },
      },
      {
        outcome: '',
        aim: '',
        refs: '',
        action: 'In partnership with neighbouring district and boroughs, seek opportunities for funding to support activities and programmes.',
        updates: { HDC: 'New five-hour cultural offer is being developed for Leicestershire.' },
      },
    ],
  },
];

/** One district's return as sheets of cell values, as a workbook reader would give them. */
export function buildSeedSheets(district: SeedDistrict): SheetInput[] {
  return SEED_PLAN.map((sheet) => ({
    name: sheet.name,
    values: [
      [`LEICESTERSHIRE BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – ${sheet.title}`],
      ['(20 March 2008)'],
      [],
      ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'],
      ...sheet.rows.map((row) => [
        row.outcome,
        row.aim,
        row.refs,
        district === 'NWLDC' && row.nwldcAction ? row.nwldcAction : row.action,
        row.updates[district] ?? '',
      ]),
    ],
  }));
}

/** The three districts' returns, read and checked as the service or the CLI would. */
export function buildSeedReturns(lastSync: string | null = null): DistrictReturn[] {
  return SEED_DISTRICTS.map((district) => {
    const checked = checkReturn(buildSeedSheets(district), DEFAULT_CONFIG);
    return { district, rows: checked.rows, lastSync, findings: checked.findings };
  });
}

/** A district's seed rows as the add-in would sync them. */
export function buildSeedPayloads(district: SeedDistrict): RowPayload[] {
  const checked = checkReturn(buildSeedSheets(district), DEFAULT_CONFIG);
  return checked.rows.map((row) => ({
    outcome: row.outcome ?? row.outcomeText,
    aim: row.aim,
    laaRefs: row.laaRefs,
    action: row.action,
    update: row.update,
    status: row.status,
    sheet: row.sheet,
    rowNumber: row.row,
  }));
}

/** Syncs a district's seed rows to a running service with the district's key. */
export async function syncSeedReturn(url: string, key: string, district: SeedDistrict, edit?: (rows: RowPayload[]) => RowPayload[]): Promise<void> {
  const rows = edit ? edit(buildSeedPayloads(district)) : buildSeedPayloads(district);
  const response = await fetch(`${url}/api/v1/sync`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      period: SEED_PERIOD,
      batchId: `seed-${district}-${randomUUID()}`,
      changes: rows.map((row) => ({ id: randomUUID(), baseVersion: 0, row })),
    }),
  });
  if (response.status !== 200) throw new Error(`sync of ${district} failed: ${response.status} ${await response.text()}`);
}

/** A district's seed return as an .xlsx file, one sheet per outcome, as an officer keeps it. */
export async function writeSeedWorkbook(district: SeedDistrict): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  for (const sheet of buildSeedSheets(district)) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const values of sheet.values) worksheet.addRow([...(values ?? [])]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
