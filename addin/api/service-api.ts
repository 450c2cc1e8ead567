/**
 * Reading from the service: the partnership configuration (checked against on connect, so the
 * key is proven) and a district's stored rows. Every answer is parsed; an error body's message
 * is shown to the officer as the service wrote it.
 */
import { ErrorBody, parseConfig, RowsResponse, type PartnershipConfig, type StoredRow } from '../../shared';
import type { FetchLike } from '../sync/sync-client';

export class ServiceError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export interface ServiceApi {
  getConfig(): Promise<PartnershipConfig>;
  getRows(period: string): Promise<StoredRow[]>;
}

export function createServiceApi(serviceUrl: string, key: string, fetch: FetchLike): ServiceApi {
  const base = serviceUrl.replace(/\/+$/, '');
  async function getJson(path: string): Promise<unknown> {
    let response: Awaited<ReturnType<FetchLike>>;
    let text: string;
    try {
      response = await fetch(`${base}${path}`, { method: 'GET', headers: { authorization: `Bearer ${key}`, accept: 'application/json' } });
      text = await response.text();
    } catch {
      throw new ServiceError(`The service at ${base} cannot be reached. Check the address and your connection.`, 0);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ServiceError(`The service at ${base} did not answer with JSON (HTTP ${response.status}). Is this the District Returns service?`, response.status);
    }
    if (response.status !== 200) {
      const error = ErrorBody.safeParse(body);
      throw new ServiceError(error.success ? error.data.error.message : `The service refused (HTTP ${response.status}).`, response.status);
    }
    return body;
  }
  return {
    async getConfig() {
      const result = parseConfig(await getJson('/api/v1/config'));
      if (!result.ok) throw new ServiceError(`The service sent a configuration this add-in cannot use: ${result.message}`, 200);
      return result.config;
    },
    async getRows(period) {
      const parsed = RowsResponse.safeParse(await getJson(`/api/v1/rows?period=${encodeURIComponent(period)}`));
      if (!parsed.success) throw new ServiceError('The service sent rows in a form this add-in does not understand.', 200);
      return parsed.data.rows;
    },
  };
}
