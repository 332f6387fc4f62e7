/** Case management: case notes and the case manager. */
import { requireActivity, validateCaseNote } from '../../../domain/activity-rules';
import { isIsoDate } from '../../../domain/dates';
import { DomainError } from '../../../domain/errors';
import {
  addCaseNote,
  assignCaseManager,
  setEducationAtParticipation,
  type EducationAtParticipationPayload,
  type AssignCaseManagerPayload,
  type CaseNotePayload,
  type Command,
} from '../contract';
import { audit, note, spec, todayOf } from '../state';

export const caseNoteCommand = spec(addCaseNote, {
  decide: (state, { payload }: Command<CaseNotePayload>, now) => {
    if (state.status === 'exited_exclusionary' || state.status === 'completed') {
      throw new DomainError('APPLICATION_EXITED', 'the application is closed');
    }
    if (payload.activityId) requireActivity(state.activities, payload.activityId);
    validateCaseNote(payload.body);
    if (payload.subject.trim() === '') throw new DomainError('CASE_NOTE_REQUIRED', 'a case note needs a subject');
    // A case note records a contact that happened: never in the future.
    const today = todayOf(state, now);
    if (!isIsoDate(payload.contactDate)) throw new DomainError('INVALID_DATE', 'contactDate must be YYYY-MM-DD', { field: 'contactDate' });
    if (payload.contactDate > today) {
      throw new DomainError('FUTURE_DATE', `contactDate ${payload.contactDate} is in the future (today is ${today})`, { field: 'contactDate' });
    }
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const n = note(state, ctx, actor, {
      activityId: payload.activityId ?? null,
      contactDate: payload.contactDate,
      subject: payload.subject,
      body: payload.body,
    });
    audit(state, ctx, actor, ctx.command, { caseNoteId: n.id, contactDate: payload.contactDate });
    return { caseNote: { id: n.id, contactDate: n.contactDate, subject: n.subject, activityId: n.activityId, enteredOn: n.enteredOn, late: n.late } };
  },
});

export const assignCaseManagerCommand = spec(assignCaseManager, {
  decide: (state, _cmd: Command<AssignCaseManagerPayload>) => {
    if (state.status === 'exited_exclusionary' || state.status === 'completed') {
      throw new DomainError('APPLICATION_EXITED', 'the application is closed');
    }
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const previous = state.caseManagerId;
    state.caseManagerId = payload.staffId;
    audit(state, ctx, actor, ctx.command, { from: previous, to: payload.staffId });
    return {};
  },
});

/** R-RPT-4: education at participation, changed by staff before the exit. */
export const educationAtParticipationCommand = spec(setEducationAtParticipation, {
  decide: (state, _cmd: Command<EducationAtParticipationPayload>) => {
    if (state.status !== 'eligible' && state.status !== 'participating') {
      throw new DomainError('APPLICATION_EXITED', 'education at participation is fixed once the application has exited');
    }
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const from = state.educationAtParticipation ?? state.input.educationAtParticipation ?? 'none';
    state.educationAtParticipation = payload.educationAtParticipation;
    audit(state, ctx, actor, ctx.command, { from, to: payload.educationAtParticipation });
    return {};
  },
});
