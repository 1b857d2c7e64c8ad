import type { MeDto } from '@yungang/core';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A small HTTP client for tests: real requests, with the session cookie and CSRF token a browser
 * would send, or a bearer token like a script.
 */
export class ApiClient {
  cookie: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;
  orgId: string | null = null;
  me: MeDto | null = null;

  constructor(readonly baseUrl: string) {}

  async setup(body: { email: string; password: string; name: string; orgName: string }): Promise<MeDto> {
    return this.signIn('/api/v1/setup', body);
  }

  async login(email: string, password: string): Promise<MeDto> {
    return this.signIn('/api/v1/auth/login', { email, password });
  }

  /** The headers this client authenticates with (bearer, or cookie plus CSRF token on writes) and its X-Org-Id. */
  authHeaders(method: string, headers: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...headers };
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (this.orgId) h['x-org-id'] ??= this.orgId;
    return h;
  }

  /** Sends `form` as multipart/form-data (fetch sets the boundary). */
  async upload<T = unknown>(path: string, form: FormData): Promise<ApiResponse<T>> {
    const res = await fetch(this.baseUrl + path, { method: 'POST', headers: this.authHeaders('POST'), body: form });
    return ApiClient.read<T>(res);
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const h = this.authHeaders(method, headers);
    let payload: string | Blob | undefined;
    if (body !== undefined) {
      if (typeof body === 'string') payload = body;
      else if (body instanceof Uint8Array) payload = new Blob([new Uint8Array(body)]);
      else {
        payload = JSON.stringify(body);
        h['content-type'] ??= 'application/json';
      }
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, ...(payload !== undefined ? { body: payload } : {}) });
    return ApiClient.read<T>(res);
  }

  /** Reads a response: JSON bodies parsed, anything else as text. */
  static async read<T>(res: Response): Promise<ApiResponse<T>> {
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('application/json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }

  /** Throws with the server's error when the status is not the expected one. */
  async expect<T = unknown>(status: number, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const res = await this.request<T>(method, path, body, headers);
    if (res.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  private async signIn(path: string, body: unknown): Promise<MeDto> {
    const res = await fetch(this.baseUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const json = (await res.json()) as MeDto;
    if (res.status !== 200) throw new Error(`${path} failed: ${res.status} ${JSON.stringify(json)}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? null;
    this.csrf = json.csrfToken;
    this.me = json;
    this.orgId = json.orgs[0]?.id ?? null;
    return json;
  }
}
