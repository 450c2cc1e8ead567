import { readFileSync } from 'node:fs';
import { AppError, DEFAULT_CONFIG, ErrorKind, parseConfig, type PartnershipConfig } from '../../shared';

/**
 * The partnership configuration from a JSON file, or Leicestershire's default when no file is
 * named. A file that cannot be read or fails validation is refused with a message naming the field.
 */
export function loadConfig(path?: string): PartnershipConfig {
  if (path === undefined) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError(ErrorKind.badRequest, 'config-unreadable', `cannot read configuration ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError(ErrorKind.badRequest, 'config-not-json', `configuration ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const result = parseConfig(json);
  if (!result.ok) throw new AppError(ErrorKind.badRequest, 'config-invalid', `${path}: ${result.message}`);
  return result.config;
}
