/** A small fetch wrapper for API tests over real HTTP. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export function apiClient(baseUrl: string, token = 'dev-staff') {
  async function call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: { token?: string | null; headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    const t = opts.token === undefined ? token : opts.token;
    if (t) headers.authorization = `Bearer ${t}`;
    let payload: string | undefined;
    if (opts.rawBody !== undefined) payload = opts.rawBody;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (e.g. the docs page)
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
  return {
    call,
    get: <T = any>(path: string, opts?: Parameters<typeof call>[3]) => call<T>('GET', path, undefined, opts),
    post: <T = any>(path: string, body?: unknown, opts?: Parameters<typeof call>[3]) => call<T>('POST', path, body, opts),
    put: <T = any>(path: string, body?: unknown, opts?: Parameters<typeof call>[3]) => call<T>('PUT', path, body, opts),
  };
}
