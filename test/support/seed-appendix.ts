/**
 * The March 2008 appendix (seed 001) typed into grids as it sits in Excel: five tables, each
 * with its title, "(20 March 2008)", the header and the action rows; continuation rows leave
 * Outcome and Aim blank (merged cells in the original). 18 action rows; three have no LAA ref.
 */
export const SEED_PERIOD = '2008-03';

export interface SeedTable {
  sheet: string;
  title: string;
  header: string[];
  rows: [outcome: string, aim: string, laaRef: string, action: string, update: string][];
}

export const SEED_TABLES: SeedTable[] = [
  {
    sheet: 'Stay Safe',
    title: "LEICESTERSHIRE BOROUGH/DISTRICT AND BOROUGH COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – STAY SAFE",
    header: ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'],
    rows: [
      [
        'Stay Safe',
        'S1  Safe from maltreatment, neglect, violence and sexual exploitation',
        '',
        "Develop and implement a 'Child Protection Policy', with relevant guidelines and protocols and ensure all relevant Council employees are trained and CRB checked.",
        'New countywide Children and Vulnerable Adults Safeguarding Policies issued to all Districts March 2008.  Adoption process to be implemented as from April 08.\n\nDCPOs identified for all Districts.  Annual DCPO training planned for each District.',
      ],
      ['Stay Safe', 'S2  Safe from accidental injury and death', 'SC7\n\nHC3', 'To provide diversionary activities for young people by working pro-actively with partners.', "'Positive Futures' project rolled out to work in priority neighbourhoods and joined up with YISP/Youth Service workers where possible - NWLDC."],
      ['', '', 'CYP7', 'Work towards equality standards in activities offered to young people.', 'HBBC achieved level 3.'],
      [
        'Stay Safe',
        'S4  Safe from crime and anti-social behaviour in and out of school\n\n(Ref:  C2)',
        'SC3.1',
        'To produce a proactive and responsive multi-agency approach to reduce the incidents of anti social behaviour and increase public awareness of anti crime initiatives.',
        'Links to the new YOT Impact Team are being developed (HBBC).\n\nNWLDC Multi agency JAG meeting addresses this issue (NWL).',
      ],
    ],
  },
  {
    sheet: 'Economic Wellbeing',
    title: "LEICESTERSHIRE BOROUGH/DISTRICT AND BOROUGH COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – ECONOMIC WELLBEING",
    header: ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'],
    rows: [
      [
        'Economic Wellbeing',
        'E4 Provision of appropriate transport',
        'St.C4(c)',
        'Identify good practice and delivery from other councils for adoption across Leicestershire.',
        'Harborough District Youth Forum to identify need at district level as it was a priority which the young people identified at the 2008 Youth Conference.  District Action Plan to follow.',
      ],
    ],
  },
  {
    sheet: 'Be healthy',
    title: "LEICESTERSHIRE BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – BE HEALTHY",
    header: ['Outcome', 'Aim', 'LAA Reference', 'Action', 'Update'],
    rows: [
      ['Be healthy', 'H1 Physically Healthy', 'CYP8', 'To review and develop existing benefits offered to Corporate Parenting children, young people and families (i.e. leisure centres, visitor attractions, cultural events).', 'As of March 2008, the LAA target is being achieved.'],
      ['', '', 'CYP.2', 'To investigate the development of a Junior Referral Scheme to improve young people’s healthy lifestyles.', 'New countywide GP referral scheme being developed in partnership with PCT and Districts.'],
      ['', '', '', 'Work with the PCT and other partners to develop an area and communities of interest engagement strategy.', 'Cultural Services are linked in a number of NATs (Neighbourhood Action Teams), with Hinckley and Bosworth along with key stakeholders (HBBC).'],
      ['', '', 'CYP1', 'Develop top quality and accessible leisure, culture and play facilities across district/borough.', 'Tourism offer is being developed across the Districts via the Tourism Blueprints.'],
    ],
  },
  {
    sheet: 'Positive Contribution',
    title: "LEICESTERSHIRE BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – MAKING A POSITIVE CONTRIBUTION",
    header: ['Outcome', 'Aim', 'LAA ref.', 'Actions', 'District update'],
    rows: [
      ['Making a positive contribution', 'C1  Engage in decision making and support the community and environment', 'St.C1(c)\n\nCYP8', 'Develop Youth strategy, establish and develop Youth Forums (young people), identify priority areas for supported work/projects, organise annual major youth event.', "'Hear by Right' adopted in four councils, with the rest actively seeking to achieve by March 2008.  LAA target that all Districts to achieve 'emerging' status by March 2009."],
      ['Making a positive contribution', 'C2   Engage in law-abiding and positive behaviour in and out of school \n\n(Ref:  S4)', 'SC3.1\n\nCYP7\n\nCYP8\n\nSC5.1\n\nSC5.2', 'Work on rehabilitation of young offenders through education and training.  Develop activities for young people ‘at risk’ or involved in anti-social behaviour/youth crime.', 'Positive results from the Arts Award project (YOT and HBBC) held at Markfield, which targeted young offenders through education and mentoring (HBBC).'],
      ['Making a positive contribution', 'C3  Develop positive relationships and choose not to bully or discriminate\n\n(Ref:  S3)', 'SC3.1\n\nCYP7', 'Measure and improve Community Cohesion.  Develop Community Cohesion strategy.  Develop appropriate local cultural programmes e.g arts and entertainments.', 'Districts in the planning stages on how they can positively contribute to the 2009 Disability games being held in Leicester and the 2012 Olympics.\n\nCountywide Battle of the Bands event planned for all Districts.'],
    ],
  },
  {
    sheet: 'Enjoy and Achieve',
    title: "LEICESTERSHIRE BOROUGH/DISTRICT COUNCILS' CONTRIBUTION TO THE CHILDREN ACT – ENJOY AND ACHIEVE",
    header: ['Outcome', 'Aim', 'LAA Ref', 'Actions', 'District Update'],
    rows: [
      ['Enjoy and Achieve', '', 'CYP1', 'Encourage more young people to attend activities and sessions offered at district/borough leisure facilities.', 'All Districts involved in the development of Extended Services in Schools.'],
      ['', '', 'CYP1', 'Encourage the attainment of excellence in sports.\n\n.', 'New Sports Awards evening established in Hinckley and Bosworth (HBBC).\n\nLSA Awards Programme (NWLDC).'],
      ['Enjoy and Achieve', '', 'HC2.4', 'Use Sports Development to create opportunities for young people to participate in sports and activities (i.e. Area Youth Games, Coaching programmes, holiday activities).', "Series of new Club Connect leaflets to be distributed to Hinckley and Bosworth schools and libraries in May 2008 (HBBC).\n\nExternal funding successful for providing 'street games' within Harborough District Council (HDC)."],
      ['', '', 'CYP1', 'Develop top quality and accessible leisure, culture and play facilities across district/ borough.', 'Successful bids to Big Lottery for £200,000 each for development if new play projects locally.\n\nNew Club for Young People agreed for Hinckley and Bosworth - Partnership project that will see a £1.5m new building developed in 2009/10 (HBBC).'],
      ['', '', 'CG4.2', 'To promote Green Gym style activities to children and young people in districts and boroughs.', "Numerous new Multi Use Games Areas established across Leicestershire.  MUGA's provide outdoor space for teenagers."],
      ['', '', '', 'In partnership with neighbouring district and boroughs, seek opportunities for funding to support activities and programmes.', 'New five-hour cultural offer is being developed for Leicestershire.'],
    ],
  },
];

/** One table as grid lines: title, date, blank, header, rows. `firstRow` is where the title sits. */
export function tableLines(table: SeedTable): string[][] {
  return [[table.title], ['(20 March 2008)'], [], table.header, ...table.rows.map((r) => [...r])];
}

/** All five tables on one sheet, each after a blank line, with "APPENDIX" above them. */
export function oneSheetLines(): string[][] {
  const lines: string[][] = [['APPENDIX'], []];
  for (const table of SEED_TABLES) lines.push(...tableLines(table), []);
  return lines;
}
