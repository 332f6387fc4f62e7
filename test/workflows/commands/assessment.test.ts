/**
 * The objective assessment on plain state (R-OAS-1): twelve sections, each recorded complete or
 * incomplete; the summaries are PII and go to PostgreSQL only (the outbox), never the view or audit.
 */
import { ASSESSMENT_SECTIONS } from '../../../src/domain/assessment';
import { assessAll, commands, flush, iso, newState, nextCommandId, onDay, participating, refuse, run, softExited, view, withClosedService } from './harness';

const { recordAssessmentSection, recordExclusionaryExit } = commands;

const NOW = onDay('2024-02-20');
const ready = () => participating({ participationDate: '2024-02-01', code: '205', now: NOW });

describe('recordAssessmentSection (R-OAS-1)', () => {
  it('R-OAS-1: a first section starts the assessment (in_progress); its summary goes to the outbox only, not the view or the audit trail', () => {
    const c = ready();
    const summary = 'Lives with two children; secret-oas-text';
    const commandId = nextCommandId();
    const res = run(recordAssessmentSection, c.state, { section: 'general', status: 'complete', summary }, { now: NOW });
    expect(c.state.assessment).toEqual({
      status: 'in_progress',
      sections: [{ section: 'general', status: 'complete', updatedAt: iso(NOW), updatedBy: 'S-STAFF-1' }],
      completedOn: null,
    });
    expect(res.application.assessment).toEqual(c.state.assessment);
    expect(c.state.outbox.planRecords).toEqual([
      { kind: 'assessment_section', section: 'general', status: 'complete', summary, updatedAt: iso(NOW), updatedBy: 'S-STAFF-1' },
    ]);
    expect(c.state.outbox.audit).toEqual([
      {
        commandId,
        command: 'recordAssessmentSection',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(NOW),
        summary: { section: 'general', status: 'complete', assessmentStatus: 'in_progress' },
      },
    ]);
    expect(JSON.stringify(view(c.state, NOW))).not.toContain('secret-oas-text');
    expect(JSON.stringify(c.state.outbox.audit)).not.toContain('secret-oas-text');
  });

  it('R-OAS-1: the twelfth complete section completes the assessment on that agency day; sections are kept in screen order whatever the recording order', () => {
    const c = ready();
    const reversed = [...ASSESSMENT_SECTIONS].reverse();
    for (const section of reversed.slice(0, 11))
      run(recordAssessmentSection, c.state, { section, status: 'complete', summary: `About ${section}.` }, { now: onDay('2024-02-19') });
    expect(c.state.assessment).toMatchObject({ status: 'in_progress', completedOn: null });
    flush(c.state);
    run(recordAssessmentSection, c.state, { section: reversed[11]!, status: 'complete', summary: 'About general.' }, { now: NOW });
    expect(c.state.assessment!.status).toBe('complete');
    expect(c.state.assessment!.completedOn).toBe('2024-02-20');
    expect(c.state.assessment!.sections.map((s) => s.section)).toEqual([...ASSESSMENT_SECTIONS]);
    expect(c.state.outbox.audit[0]!.summary).toEqual({ section: 'general', status: 'complete', assessmentStatus: 'complete' });
  });

  it('R-OAS-1: re-recording a section replaces it; completedOn stays while the assessment stays complete and is cleared when a section is set back to incomplete', () => {
    const c = ready();
    assessAll(c.state, NOW);
    const later = onDay('2024-02-22');
    run(recordAssessmentSection, c.state, { section: 'barriers', status: 'complete', summary: 'Updated.' }, { now: later });
    expect(c.state.assessment!.sections).toHaveLength(12);
    expect(c.state.assessment!.sections.find((s) => s.section === 'barriers')).toEqual({
      section: 'barriers',
      status: 'complete',
      updatedAt: iso(later),
      updatedBy: 'S-STAFF-1',
    });
    expect(c.state.assessment).toMatchObject({ status: 'complete', completedOn: '2024-02-20' });

    run(recordAssessmentSection, c.state, { section: 'tests', status: 'incomplete', summary: 'Retest scheduled.' }, { now: later });
    expect(c.state.assessment).toMatchObject({ status: 'in_progress', completedOn: null });
    expect(c.state.outbox.audit.at(-1)!.summary).toEqual({ section: 'tests', status: 'incomplete', assessmentStatus: 'in_progress' });
  });

  it('R-OAS-1: sections are recorded from participation on (NOT_PARTICIPATING before), also after a soft exit, never on a closed case (APPLICATION_EXITED)', () => {
    const payload = { section: 'general' as const, status: 'complete' as const, summary: 'x' };
    expect(refuse(recordAssessmentSection, newState(), payload, { now: NOW })).toBe('NOT_PARTICIPATING');

    const exited = softExited();
    run(recordAssessmentSection, exited.state, payload, { now: onDay('2024-04-11') });
    expect(exited.state.assessment).toMatchObject({ status: 'in_progress', sections: [{ section: 'general' }] });

    const excl = withClosedService();
    run(recordExclusionaryExit, excl.state, { reason: '02', documentationRef: 'MED-1', caseNote: 'Medical.' }, { now: onDay('2024-02-01') });
    expect(refuse(recordAssessmentSection, excl.state, payload, { now: onDay('2024-02-01') })).toBe('APPLICATION_EXITED');
  });

  it('R-OAS-1: an unknown section or status is refused (ASSESSMENT_SECTION_UNKNOWN); a summary is required (TEXT_REQUIRED)', () => {
    const c = ready();
    expect(refuse(recordAssessmentSection, c.state, { section: 'hobbies' as never, status: 'complete', summary: 'x' }, { now: NOW })).toBe(
      'ASSESSMENT_SECTION_UNKNOWN',
    );
    expect(refuse(recordAssessmentSection, c.state, { section: 'general', status: 'done' as never, summary: 'x' }, { now: NOW })).toBe(
      'ASSESSMENT_SECTION_UNKNOWN',
    );
    expect(refuse(recordAssessmentSection, c.state, { section: 'general', status: 'complete', summary: '   ' }, { now: NOW })).toBe('TEXT_REQUIRED');
  });
});
