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
  /** "Excel" inside Excel; "stand-in" when a test injected one. */
  kind: 'Excel' | 'stand-in';
}

interface InjectedGlobals {
  districtReturnsExcel?: ExcelApi & { hasTriggerSource?: boolean };
}

const ONREADY_TIMEOUT_MS = 10_000;

/** The host, or null when the page is not in Excel and no stand-in was injected. */
export async function waitForOfficeHost(): Promise<OfficeHost | null> {
  const injected = (globalThis as InjectedGlobals).districtReturnsExcel;
  const info = typeof Office === 'undefined' ? null : await readyWithin(ONREADY_TIMEOUT_MS);
  if (info?.host === Office.HostType.Excel && typeof Excel !== 'undefined') {
    return {
      // Office.js's Excel namespace is a superset of the structural model the adapter uses.
      api: Excel as unknown as ExcelApi,
      partitionKey: Office.context.partitionKey || null,
      hasTriggerSource: Office.context.requirements.isSetSupported('ExcelApi', '1.14'),
      kind: 'Excel',
    };
  }
  if (injected) {
    return { api: injected, partitionKey: null, hasTriggerSource: injected.hasTriggerSource === true, kind: 'stand-in' };
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
