import { federalHolidaysFromLibrary } from '../../src/calendar/federal-holidays';
import holidays from '../../src/domain/data/us-federal-holidays.json';
import { addBusinessDays, entryTimeliness, isBusinessDay, timelyUntil } from '../../src/domain/timeliness';

describe('timeliness (R-TIMELY-1, R-TIMELY-2)', () => {
  it('R-TIMELY-1 vector: dated 2024-11-22 (Fri), entered 2024-12-02 → on time, 2024-12-03 → late (Thanksgiving)', () => {
    expect(timelyUntil('2024-11-22')).toBe('2024-12-02');
    expect(entryTimeliness('activity', '2024-11-22', '2024-12-02')).toEqual({ enteredOn: '2024-12-02', late: false });
    expect(entryTimeliness('activity', '2024-11-22', '2024-12-03')).toEqual({ enteredOn: '2024-12-03', late: true });
  });

  it('R-TIMELY-1 vector: dated 2024-07-01, entered 2024-07-09 → on time, 2024-07-10 → late (July 4)', () => {
    expect(entryTimeliness('credential', '2024-07-01', '2024-07-09').late).toBe(false);
    expect(entryTimeliness('credential', '2024-07-01', '2024-07-10').late).toBe(true);
  });

  it('R-TIMELY-1 weekends and observed holidays are not business days', () => {
    expect(isBusinessDay('2024-11-23')).toBe(false); // Saturday
    expect(isBusinessDay('2024-11-24')).toBe(false); // Sunday
    expect(isBusinessDay('2024-11-28')).toBe(false); // Thanksgiving
    expect(isBusinessDay('2024-11-29')).toBe(true); // day after Thanksgiving: a federal working day
    expect(isBusinessDay('2021-06-18')).toBe(false); // Juneteenth 2021 observed on Friday
    expect(isBusinessDay('2021-12-31')).toBe(false); // New Year's Day 2022 observed on Friday
    expect(isBusinessDay('2024-12-24')).toBe(true); // Christmas Eve: a working day
    expect(addBusinessDays('2024-12-20', 5)).toBe('2024-12-30'); // over Christmas
  });

  it('R-TIMELY-1 an entry on the day it describes, or before a weekend ends, is on time', () => {
    expect(entryTimeliness('activity', '2024-05-01', '2024-05-01').late).toBe(false);
    expect(entryTimeliness('skill_gain', '2024-05-03', '2024-05-10').late).toBe(false); // Fri → next Fri
    expect(entryTimeliness('skill_gain', '2024-05-03', '2024-05-13').late).toBe(true);
  });

  it('R-TIMELY-2 a case note entered more than 5 calendar days after the contact is late', () => {
    // Contact Monday 2024-05-06: 5 business days → 05-13, 5 calendar days → 05-11.
    expect(entryTimeliness('case_note', '2024-05-06', '2024-05-11').late).toBe(false);
    expect(entryTimeliness('case_note', '2024-05-06', '2024-05-12').late).toBe(true);
    expect(entryTimeliness('activity', '2024-05-06', '2024-05-12').late).toBe(false);
    // Over Thanksgiving the business-day rule is the looser one; the calendar rule still applies.
    expect(entryTimeliness('case_note', '2024-11-22', '2024-11-28').late).toBe(true);
  });

  it('R-TIMELY-1 the generated holiday list is what date-holidays says (npm run holidays:generate)', () => {
    const fromLibrary = federalHolidaysFromLibrary();
    expect(holidays.dates).toEqual(fromLibrary.dates);
    expect(holidays.dates).toContain('2024-11-28');
    expect(holidays.dates).toContain('2024-07-04');
  });
});
