/**
 * termbot's REST plumbing for discord.js: sends cut mid-flight are retried when that is safe, and
 * rate limits are logged for what they are.
 *
 * Retries. discord.js retries a request only when the error itself says ECONNRESET; Node's HTTP
 * client reports a connection cut mid-request as "other side closed" (UND_ERR_SOCKET) or puts the
 * code on `cause`, so the answer was lost. `resilientRequest` wraps the request function: a send
 * whose connection is cut (reset, closed, broken pipe, refused) is sent again up to MAX_RESENDS times,
 * after 100, 300 and 900 ms (an interaction must be answered within 3 s), when sending it twice cannot
 * post twice:
 * - GET, PUT, PATCH, DELETE: idempotent by definition;
 * - an interaction callback: Discord accepts one per interaction and refuses a second with 40060,
 *   so a 40060 after a resend means the first one arrived: it counts as done;
 * - a channel message sent with `enforce_nonce`: Discord returns the message already made for that nonce.
 * Anything else (a follow-up through a webhook) is not resent. What still fails is thrown as a
 * ConnectionCutError, which the error log reports as a lost answer.
 *
 * Rate limits. discord.js emits `rateLimited` when it holds a request back itself (its own count of
 * Discord's 50 requests/s and of each route's bucket): that is queueing, logged at debug. A real 429
 * from Discord is seen on the `response` event and logged as a warning.
 */
import { DefaultRestOptions, RESTEvents, type REST } from 'discord.js';
import type { Logger } from 'pino';

type MakeRequest = (typeof DefaultRestOptions)['makeRequest'];
type RequestInit = Parameters<MakeRequest>[1];

export const MAX_RESENDS = 3;
export const RESEND_DELAYS_MS = [100, 300, 900] as const;

/** Error codes of a connection that broke before a response arrived. */
const CUT_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ECONNABORTED', 'ECONNREFUSED', 'UND_ERR_CLOSED']);

/** The network error code of an error or of one of its causes, if it is a cut connection. */
export function cutCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CUT_CODES.has(code)) return code;
    if (e instanceof ConnectionCutError) return e.network;
  }
  return undefined;
}

/**
 * A send lost to a cut connection: after `attempts` tries, or at once when resending it was not safe.
 * Its message and fields avoid the word ECONNRESET on purpose: discord.js would then resend it again.
 */
export class ConnectionCutError extends Error {
  constructor(
    readonly network: string,
    readonly method: string,
    readonly route: string,
    readonly attempts: number,
    readonly resendable: boolean,
    options?: { cause?: unknown },
  ) {
    super(`the connection to Discord was cut while sending ${method} ${route}${resendable ? `, ${attempts} attempt(s)` : ' (not safe to resend)'}`, options);
    this.name = 'ConnectionCutError';
  }
}

/** The API path without ids and tokens, for logs: `/interactions/:id/:token/callback`. */
export function routeOf(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  return path
    .replace(/^.*?\/v\d+(?=\/)/, '')
    .replace(/\/(interactions|webhooks)\/\d+\/[^/]+/, '/$1/:id/:token')
    .replace(/\/\d{15,}/g, '/:id');
}

function resendable(method: string, url: string, init: RequestInit): boolean {
  if (['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'].includes(method)) return true;
  if (method !== 'POST') return false;
  const path = routeOf(url);
  if (/^\/interactions\/:id\/:token\/callback$/.test(path)) return true;
  if (/^\/channels\/:id\/messages$/.test(path)) return typeof init.body === 'string' && /"enforce_nonce"\s*:\s*true/.test(init.body);
  return false;
}

export interface ResilientOptions {
  logger: Logger;
  /** The request function to wrap (discord.js's own by default). */
  makeRequest?: MakeRequest;
  sleep?: (ms: number) => Promise<void>;
}

/** The request function discord.js's REST manager should use (its `rest.makeRequest` option). */
export function resilientRequest(options: ResilientOptions): MakeRequest {
  const base = options.makeRequest ?? DefaultRestOptions.makeRequest;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { logger } = options;
  return async (url, init) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const route = routeOf(url);
    const safe = resendable(method, url, init);
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await base(url, init);
        if (attempt > 1 && res.status === 400 && /\/callback$/.test(route) && !/with_response=true/.test(url)) {
          // The first callback reached Discord before its connection broke: the answer is there.
          const text = await res.text();
          if (/"code"\s*:\s*40060\b/.test(text)) {
            logger.info({ method, route, attempt }, 'a resent interaction answer had already arrived (40060): it was delivered once');
            return new Response(null, { status: 204 });
          }
          return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers as unknown as Headers });
        }
        if (attempt > 1) logger.info({ method, route, attempt, status: res.status }, 'resent after a cut connection');
        return res;
      } catch (err) {
        const code = cutCode(err);
        if (!code || (init.signal as AbortSignal | undefined)?.aborted) throw err;
        if (!safe || attempt > MAX_RESENDS) throw new ConnectionCutError(code, method, route, attempt, safe, { cause: err });
        const delay = RESEND_DELAYS_MS[Math.min(attempt, RESEND_DELAYS_MS.length) - 1] ?? 1000;
        logger.warn({ method, route, code, attempt, retryInMs: delay }, 'the connection to Discord was cut mid-request; sending again');
        await sleep(delay);
      }
    }
  };
}

/** Real 429s from Discord as warnings; discord.js holding requests back by itself at debug. */
export function logRateLimits(rest: REST, logger: Logger): void {
  rest.on(RESTEvents.RateLimited, (info) =>
    logger.debug({ route: info.route, waitMs: info.timeToReset, global: info.global, limit: info.limit }, 'discord.js is spacing requests to stay within the rate limit (queued, not refused)'),
  );
  rest.on(RESTEvents.Response, (request, response) => {
    if (response.status !== 429) return;
    const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
    logger.warn(
      {
        method: request.method.toUpperCase(),
        route: routeOf(request.path),
        retryAfterMs: Number.isFinite(retryAfter) ? Math.round(retryAfter * 1000) : undefined,
        global: response.headers.get('x-ratelimit-global') === 'true',
        scope: response.headers.get('x-ratelimit-scope') ?? undefined,
      },
      'rate limited by Discord (429); waiting, then sending again',
    );
  });
}
