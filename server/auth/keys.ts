/**
 * API keys: `dr_<id>_<secret>`, where id is 12 hex characters (public, used to find the record)
 * and secret is 32 random bytes in base64url. Only SHA-256(secret) is stored.
 *
 * Why a fast hash and not bcrypt/scrypt: slow hashes protect low-entropy passwords from
 * guessing after a database leak. A 256-bit random secret cannot be guessed whatever the hash
 * speed, so SHA-256 is as safe here and keeps every request's check in microseconds.
 * The comparison of hashes uses timingSafeEqual so response time says nothing about how
 * much of a guess was right.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PartnershipConfig } from '../../shared';
import { AppError, ErrorKind } from '../../shared';
import type { Caller } from '../deps';
import type { ApiKeyRecord, KeyStore } from '../store/types';

const KEY_PATTERN = /^dr_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
export const COORDINATOR = 'coordinator';

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** The role and district a `keys create` argument names, checked against the configuration. */
export function parseKeyOwner(who: string, config: PartnershipConfig): Pick<ApiKeyRecord, 'role' | 'district'> {
  if (who.toLowerCase() === COORDINATOR) return { role: 'coordinator', district: null };
  const district = config.districts.find((d) => d.code === who.toUpperCase());
  if (!district) {
    const codes = config.districts.map((d) => d.code).join(', ');
    throw new AppError(ErrorKind.badRequest, 'unknown-district', `"${who}" is not a district of ${config.partnership.name}. Use one of: ${codes}, or coordinator.`);
  }
  return { role: 'district', district: district.code };
}

/** Makes and stores a key; the returned text is the only time the key exists in full. */
export function createKey(store: KeyStore, who: string, config: PartnershipConfig, now: () => Date = () => new Date()): { key: string; record: ApiKeyRecord } {
  const owner = parseKeyOwner(who, config);
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const record: ApiKeyRecord = { id, ...owner, hash: hashSecret(secret), createdAt: now().toISOString(), revokedAt: null };
  store.insertKey(record);
  return { key: `dr_${id}_${secret}`, record };
}

/** The key id a well-formed key names (public: the part before the secret), or null. */
export function keyIdOf(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

/** The caller a key belongs to, or null for a malformed, unknown or revoked key. */
export function verifyKey(store: KeyStore, key: string): Caller | null {
  const match = KEY_PATTERN.exec(key);
  // A well-formed but unknown id still costs a hash and a comparison, so timing does not tell
  // an attacker which key ids exist.
  const record = match ? store.findKey(match[1] as string) : undefined;
  const expected = record?.hash ?? Buffer.alloc(32);
  const actual = hashSecret(match?.[2] ?? '');
  const isMatch = timingSafeEqual(expected, actual);
  if (!record || !isMatch || record.revokedAt !== null) return null;
  return { role: record.role, district: record.district, keyId: record.id };
}
