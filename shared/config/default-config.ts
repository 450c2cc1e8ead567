import leicestershire from './leicestershire.json';
import { PartnershipConfig } from './schema';

/** Leicestershire's partnership, shipped as the default configuration. */
export const DEFAULT_CONFIG: PartnershipConfig = PartnershipConfig.parse(leicestershire);
