/**
 * US federal holidays as observed, from the date-holidays library (Node only: not for workflow
 * code). The domain uses the list this generates (src/domain/data/us-federal-holidays.json).
 */
import Holidays from 'date-holidays';

export const FEDERAL_HOLIDAY_YEARS = { from: 2000, to: 2100 } as const;

export interface FederalHolidayData {
  source: string;
  from: number;
  to: number;
  dates: string[];
}

export function federalHolidaysFromLibrary(): FederalHolidayData {
  const hd = new Holidays('US');
  const dates = new Set<string>();
  for (let y = FEDERAL_HOLIDAY_YEARS.from; y <= FEDERAL_HOLIDAY_YEARS.to; y += 1) {
    for (const h of hd.getHolidays(y)) {
      // "public" = federal holidays; substitute (observed) days are public too. "optional" (Christmas
      // Eve) and "observance" (Day after Thanksgiving) are working days for a federal calendar.
      if (h.type === 'public') dates.add(h.date.slice(0, 10));
    }
  }
  return {
    source: 'date-holidays (country US, type "public", substitute days included); npm run holidays:generate',
    from: FEDERAL_HOLIDAY_YEARS.from,
    to: FEDERAL_HOLIDAY_YEARS.to,
    dates: [...dates].sort(),
  };
}
