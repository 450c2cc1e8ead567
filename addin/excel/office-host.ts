/**
 * Where Office.js meets the add-in: waits for Office.onReady once, and hands over Excel's API,
 * the storage partition key and what the host supports. Outside Excel (a browser tab, the
 * end-to-end test) Office.onReady resolves with no host; a stand-in Excel injected into the
 * page as `districtReturnsExcel` is then used, so the pane can be driven without Excel.
 */
import type { ExcelApi } from './excel-model';

export interface OfficeHost {
  api: ExcelApi;
  /** Office.context.partitionKey where Excel on the web partitions storage; null elsewhere. */
  partitionKey: string | null;
  hasTriggerSource: boolean;
  /** The highest ExcelApi 1.x minor the host supports (8 for 1.8). */
  apiMinor: number;
  /** "Excel" inside Excel; "stand-in" when a test injected one. */
  kind: 'Excel' | 'stand-in';
}

interface InjectedGlobals {
  districtReturnsExcel?: ExcelApi & { hasTriggerSource?: boolean; apiMinor?: number };
}

/** The highest ExcelApi minor this adapter ever asks about (1.20: mergeUndoGroup). */
const HIGHEST_MINOR = 20;
/** The manifest's minimum (manifest.xml, Requirements: ExcelApi 1.8). */
const LOWEST_MINOR = 8;

function highestExcelApiMinor(): number {
  for (let minor = HIGHEST_MINOR; minor > LOWEST_MINOR; minor--) {
    if (Office.context.requirements.isSetSupported('ExcelApi', `1.${minor}`)) return minor;
  }
  return LOWEST_MINOR;
}

const ONREADY_TIMEOUT_MS = 10_000;

/** The host, or null when the page is not in Excel and no stand-in was injected. */
export async function waitForOfficeHost(): Promise<OfficeHost | null> {
  const injected = (globalThis as InjectedGlobals).districtReturnsExcel;
  const info = typeof Office === 'undefined' ? null : await readyWithin(ONREADY_TIMEOUT_MS);
  if (info?.host === Office.HostType.Excel && typeof Excel !== 'undefined') {
    // No cast: the compiler checks that Office.js's Excel namespace has every member of the
    // model the adapter uses (addin/excel/excel-model.ts), with compatible types.
    const api: ExcelApi = Excel;
    const apiMinor = highestExcelApiMinor();
    return { api, partitionKey: Office.context.partitionKey || null, hasTriggerSource: apiMinor >= 14, apiMinor, kind: 'Excel' };
  }
  if (injected) {
    const hasTriggerSource = injected.hasTriggerSource === true;
    return { api: injected, partitionKey: null, hasTriggerSource, apiMinor: injected.apiMinor ?? (hasTriggerSource ? 14 : 8), kind: 'stand-in' };
  }
  return null;
}

async function readyWithin(ms: number): Promise<{ host: Office.HostType | null } | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([Office.onReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
