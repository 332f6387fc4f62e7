/**
 * A typed client of the REST API: openapi-fetch over the types openapi-typescript generated from
 * /openapi.json (`npm run client:generate` → schema.d.ts). No hand-written request or response types.
 *
 *   const api = createApiClient('http://127.0.0.1:3000', 'dev-staff');
 *   const { data, error } = await api.POST('/api/v1/participants', { body: { firstName, lastName, birthDate } });
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
export type ApiClient = Client<paths>;

export function createApiClient(baseUrl: string, token: string): ApiClient {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
}
