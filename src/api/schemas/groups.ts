/** Schemas of the case management group routes (SPEC §9 R-GRP-1 … R-GRP-3). */
import { z } from '../zod';
import { plainString, trimmedText } from '../text';
import { ProgramSchema } from '../schemas';
import { PROGRAMS } from '../../domain/enums';

const StaffId = trimmedText(64).openapi({ example: 'S-1042' });

export const GroupBody = z
  .object({
    name: trimmedText(120).openapi({ example: 'Youth Team' }),
    office: trimmedText(64).openapi({ example: 'LA-2703' }),
    programs: z.array(ProgramSchema).min(1).max(PROGRAMS.length),
    leadStaffId: StaffId,
    memberStaffIds: z.array(StaffId).min(1).max(500),
  })
  .strict()
  .openapi('CaseManagementGroupBody', { description: 'The lead must be one of the members; every staff id must be a staff id of API_TOKENS.' });

export const GroupReplaceBody = GroupBody.extend({ office: trimmedText(64).optional().openapi({ description: 'default: the office the group has' }) })
  .strict()
  .openapi('CaseManagementGroupReplaceBody', { description: 'Replaces name, programs, lead and members (and the office when given).' });

const GroupSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    office: z.string(),
    programs: z.array(ProgramSchema),
    leadStaffId: z.string(),
    memberStaffIds: z.array(z.string()),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CaseManagementGroup');

export const GroupResult = z.object({ group: GroupSchema }).openapi('CaseManagementGroupResult');
export const GroupParams = z.object({ groupId: z.uuid() });
export const GroupsQuery = z.object({ office: plainString(64).optional() }).strict();
export const GroupList = z.object({ items: z.array(GroupSchema), total: z.number().int() }).openapi('CaseManagementGroupList');
