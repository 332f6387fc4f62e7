/**
 * Writes src/domain/data/us-federal-holidays.json: the US federal holidays as observed (type
 * "public" in date-holidays, substitute days included), 2000–2100. The workflow sandbox cannot
 * carry date-holidays (45 MB with moment-timezone), so the domain reads this generated list;
 * test/domain/timeliness.test.ts fails when it no longer matches the library.
 *
 *   npm run holidays:generate
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEDERAL_HOLIDAY_YEARS, federalHolidaysFromLibrary } from '../src/calendar/federal-holidays';

const out = join(__dirname, '..', 'src', 'domain', 'data', 'us-federal-holidays.json');
const data = federalHolidaysFromLibrary();
writeFileSync(out, `${JSON.stringify(data, null, 1)}\n`);
console.log(`wrote ${data.dates.length} dates (${FEDERAL_HOLIDAY_YEARS.from}–${FEDERAL_HOLIDAY_YEARS.to}) to ${out}`);
