/**
 * One way for the service's own pages to call its API: the key as a Bearer header, the error
 * body (`{ error: { code, message } }`) turned into a plain sentence, and every answer parsed
 * with the shared zod schemas before a page uses it.
 */
import type { z } from 'zod';
import { ErrorBody, UploadAnswer } from '../../shared';

export class RequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The error body's details (e.g. `findings` for a workbook refused whole). */
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

export async function callService(path: string, key: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${key}` }, cache: 'no-store' });
  } catch {
    throw new RequestError('The service cannot be reached. Check your connection and try again.', 0);
  }
  if (response.ok) return response;
  const parsed = ErrorBody.safeParse(await response.json().catch(() => null));
  if (response.status === 401) throw new RequestError('That key was not accepted. Check it and sign in again.', 401);
  throw new RequestError(parsed.success ? parsed.data.error.message : `The service answered ${response.status}.`, response.status, parsed.success ? parsed.data.error.details : null);
}

export async function getJson<T extends z.ZodType>(path: string, key: string, schema: T, init?: RequestInit): Promise<z.infer<T>> {
  const response = await callService(path, key, init);
  const result = schema.safeParse(await response.json().catch(() => null));
  if (!result.success) throw new RequestError('The service sent an answer this page does not understand. Reload the page.', response.status);
  return result.data;
}

/** Saves a response body as a file through a temporary link, named as the service named it. */
export async function saveDownload(response: Response, fallback: string): Promise<string> {
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return link.download;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  // District text only ever as text: never innerHTML.
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`page is missing #${id}`);
  return element as T;
}

export { UploadAnswer };
