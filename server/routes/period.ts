/** The period every row route names, checked against the partnership's configured periods. */
import { z } from 'zod';
import { AppError, ErrorKind, PeriodId, type PartnershipConfig } from '../../shared';

export function requireKnownPeriod(config: PartnershipConfig, period: string): string {
  if (!config.periods.some((p) => p.id === period)) {
    const known = config.periods.map((p) => `${p.id} (${p.label})`).join(', ');
    throw new AppError(ErrorKind.badRequest, 'unknown-period', `Period ${period} is not one of ${config.partnership.name}'s reporting periods: ${known}.`, {
      period,
      periods: config.periods.map((p) => p.id),
    });
  }
  return period;
}

const DistrictCode = z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/, 'a district code is 2-10 capital letters or digits, e.g. HBBC');

/** `?period=2008-03[&district=HBBC]`, as read routes take it. */
export const PeriodQuery = z.object({
  period: PeriodId,
  district: DistrictCode.optional(),
});
