/**
 * A random (version 4) UUID: crypto.randomUUID where the webview has it (Chromium 92, Safari
 * 15.4), else built from crypto.getRandomValues, which the older Safari and EdgeHTML webviews
 * the manifest admits do have (RFC 9562 §5.4: version 4, variant 10).
 */
export type CryptoLike = Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string };

export function newUuid(source: CryptoLike = globalThis.crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
