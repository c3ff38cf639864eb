/**
 * REST plumbing: a tiny router (method + `/path/:param` templates under /api/v10), request
 * recording, JSON and multipart bodies, bot-token auth, faults first, and Discord-shaped errors.
 * The routes themselves are in routes.ts.
 */
import type http from 'node:http';
import { E, HttpError } from './errors.ts';
import { applyRestFaults, takeReset } from './faults.ts';
import type { FakeState } from './state.ts';
import type { RecordedRequest } from './types.ts';

export interface RouteResult {
  status: number;
  body?: unknown;
  /** runs after the response is written (e.g. echo the bot's own message on the gateway, as Discord does) */
  after?: () => void;
}
export type Handler = (req: RecordedRequest) => RouteResult | Promise<RouteResult>;
interface Route {
  method: string;
  template: string;
  segments: string[];
  auth: boolean;
  handler: Handler;
}

export class Router {
  private readonly routes: Route[] = [];

  /** Adds a route; `auth: false` for the interaction routes, which use the interaction token instead. */
  add(method: string, template: string, handler: Handler, auth = true): void {
    this.routes.push({ method, template, segments: template.split('/').filter(Boolean), auth, handler });
  }

  match(method: string, segs: string[]): { route: Route; params: Record<string, string> } | 'method-mismatch' | null {
    let methodMismatch = false;
    for (const r of this.routes) {
      if (r.segments.length !== segs.length) continue;
      const params: Record<string, string> = {};
      const fits = r.segments.every((want, i) => {
        if (want.startsWith(':')) params[want.slice(1)] = segs[i]!;
        return want.startsWith(':') || want === segs[i];
      });
      if (!fits) continue;
      if (r.method !== method) {
        methodMismatch = true;
        continue;
      }
      return { route: r, params };
    }
    return methodMismatch ? 'method-mismatch' : null;
  }
}

/** The parsed JSON body of a request, typed as the route expects it (the client sent it; routes check what matters). */
export function bodyOf<T extends object>(r: RecordedRequest): Partial<T> {
  return (typeof r.body === 'object' && r.body !== null ? r.body : {}) as Partial<T>;
}

function sendResponse(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function parseBody(req: http.IncomingMessage, raw: Buffer, rec: RecordedRequest): Promise<void> {
  const ct = String(req.headers['content-type'] ?? '');
  if (raw.length === 0) return;
  const json = (text: string) => {
    try {
      rec.body = JSON.parse(text);
    } catch {
      throw E.invalidJson();
    }
  };
  if (ct.startsWith('application/json')) json(raw.toString('utf8'));
  else if (ct.startsWith('multipart/form-data')) {
    const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': ct }, body: raw }).formData();
    for (const [field, value] of form.entries()) {
      if (typeof value !== 'string') rec.files.push({ field, filename: value.name, contentType: value.type || 'application/octet-stream', size: value.size, content: Buffer.from(await value.arrayBuffer()) });
      else if (field === 'payload_json') json(value);
    }
  }
}

const PREFIX = '/api/v10';

/** The HTTP request listener: record, fault, route, answer, then run the route's `after` hook and wake waiters. */
export function createRestListener(state: FakeState, router: Router) {
  const { log } = state;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const rawPath = url.pathname;
    const rel = rawPath === PREFIX || rawPath.startsWith(`${PREFIX}/`) ? rawPath.slice(PREFIX.length) : null;
    let segs: string[] = [];
    let decodedOk = true;
    try {
      segs = (rel ?? rawPath).split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    } catch {
      decodedOk = false;
    }
    const headers: Record<string, string> = {};
    for (const h of ['authorization', 'user-agent', 'content-type', 'x-audit-log-reason']) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const rec: RecordedRequest = {
      index: state.requests.length,
      at: Date.now(),
      method,
      path: `/${segs.join('/')}`,
      rawPath,
      query: Object.fromEntries(url.searchParams.entries()),
      route: null,
      params: {},
      headers,
      body: undefined,
      files: [],
      status: 0,
      response: undefined,
    };
    state.requests.push(rec);
    let out: RouteResult;
    let respHeaders: Record<string, string> = {};
    let reset: ReturnType<typeof takeReset>;
    const cut = () => {
      rec.fault = `connection ${reset?.how === 'close' ? 'closed' : 'reset'} (${reset?.when})`;
      rec.status = 0;
      log(`REST ${method} ${rec.path} → ${rec.fault}`);
      if (reset?.how === 'close') req.socket.destroy();
      else req.socket.resetAndDestroy();
      state.requestWaiters.offer(rec);
    };
    try {
      await parseBody(req, raw, rec);
      const matched = rel !== null && decodedOk ? router.match(method, segs) : null;
      if (matched && matched !== 'method-mismatch') {
        rec.route = `${method} ${matched.route.template}`;
        rec.params = matched.params;
      }
      await applyRestFaults(state, rec);
      if (state.closed) return;
      reset = takeReset(state, rec);
      if (reset?.when === 'before') return cut();
      if (!matched) throw E.notFound();
      if (matched === 'method-mismatch') throw E.methodNotAllowed();
      if (matched.route.auth) {
        const m = /^Bot (.+)$/.exec(headers.authorization ?? '');
        if (!m || (state.settings.requiredToken !== undefined && m[1] !== state.settings.requiredToken)) throw E.unauthorized();
      }
      out = await matched.route.handler(rec);
    } catch (error) {
      if (error instanceof HttpError) {
        out = { status: error.status, body: error.body };
        respHeaders = error.headers;
      } else {
        out = { status: 500, body: { message: `fake-discord internal error: ${(error as Error)?.message ?? String(error)}`, code: 0 } };
        log('internal error', (error as Error)?.stack ?? String(error));
      }
    }
    if (reset?.when === 'after') {
      rec.response = out.body;
      try {
        out.after?.();
      } catch (error) {
        log('after-response hook failed', String(error));
      }
      return cut();
    }
    rec.status = out.status;
    rec.response = out.body;
    log(`REST ${method} ${rec.path} → ${out.status}`);
    sendResponse(res, out.status, out.body, respHeaders);
    try {
      out.after?.();
    } catch (error) {
      log('after-response hook failed', String(error));
    }
    state.requestWaiters.offer(rec);
  };

  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    handle(req, res).catch((error) => {
      log('handler crash', String(error));
      if (!res.headersSent) sendResponse(res, 500, { message: 'fake-discord crashed', code: 0 });
    });
  };
}
