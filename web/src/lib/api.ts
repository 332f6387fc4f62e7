/**
 * The console's one way to the API: openapi-fetch over the types generated from the service's own
 * OpenAPI document (src/client/schema.d.ts, `npm run client:generate`), the bearer token added to every
 * request, and refusals turned into `ApiProblem` (the API's problem+json: title, detail, code, errors).
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '../../../src/client/schema';

export type Schemas = components['schemas'];
export type ApplicationView = Schemas['ApplicationView'];
export type ActivityView = Schemas['Activity'];
export type CommandResult = Schemas['CommandResult'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type Alert = Schemas['Alert'];
export type FollowUp = ApplicationView['followUps'][number];

/** A caseload item: the application view and, since R-UI-3, its participant. */
export type CaseloadItem = Schemas['CaseloadPage']['items'][number] & { participant?: ParticipantSummary };
export interface ParticipantSummary {
  firstName: string;
  lastName: string;
  pirlId: string;
}

/** The API's problem+json (RFC 9457) as the console shows it; status 0 = the network failed. */
export class ApiProblem extends Error {
  override name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(detail);
  }

  /** A refusal of this submission (the same input would be refused again), as opposed to a failure to get an answer. */
  get isRefusal(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

type TokenSource = () => Promise<string | null>;
let tokenSource: TokenSource = async () => null;
let onUnauthorized: () => void = () => undefined;

/** The auth feature tells the client where the current access token comes from, and what a 401 means. */
export function configureAuth(source: TokenSource, unauthorized: () => void): void {
  tokenSource = source;
  onUnauthorized = unauthorized;
}

export const api = createClient<paths>({ baseUrl: '' });
api.use({
  async onRequest({ request }) {
    const token = await tokenSource();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) onUnauthorized();
    return response;
  },
});

function toProblem(error: unknown, response: Response): ApiProblem {
  const p = (typeof error === 'object' && error !== null ? error : {}) as Partial<Record<'code' | 'title' | 'detail', string>> & {
    errors?: { path: string; message: string }[];
  };
  return new ApiProblem(
    response.status,
    p.code ?? `HTTP_${response.status}`,
    p.title ?? response.statusText ?? 'Error',
    p.detail ?? (typeof error === 'string' && error ? error : `The service answered ${response.status}`),
    Array.isArray(p.errors) ? p.errors : [],
  );
}

/** The answer's body, or an `ApiProblem` (the API's refusal, or status 0 when the network failed). */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (err) {
    throw new ApiProblem(
      0,
      'NETWORK_ERROR',
      'The service could not be reached',
      `${err instanceof Error ? err.message : 'Network error'}. Nothing you typed is lost: try again.`,
    );
  }
  if (!result.response.ok || result.error !== undefined) throw toProblem(result.error, result.response);
  return result.data as T;
}

/** One Idempotency-Key per submission (R-UI-5); a retry of the same submission sends it again. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
