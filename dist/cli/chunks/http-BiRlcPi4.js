import { E as EnclaveBuildError } from './main-BQHnxbfa.js';

/** An HTTP_ERROR that also carries the status (0 when no response came). */
class HttpError extends EnclaveBuildError {
    status;
    /** The response headers, when a response came (WWW-Authenticate...). */
    headers;
    constructor(status, message, cause, headers) {
        super('HTTP_ERROR', message, { cause });
        this.status = status;
        this.name = 'HttpError';
        if (headers)
            this.headers = headers;
    }
}
/** The overall deadline of one remote call unless a caller gives another. */
const DEFAULT_DEADLINE_MS = 60_000;
/** Statuses worth trying again: the server may answer differently later. */
function isRetryable(status) {
    return status === 408 || status === 429 || status >= 500;
}
const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * fetch with a timeout per attempt and retries with exponential backoff on
 * 408, 429, 5xx, timeouts and network errors. A Retry-After replaces the
 * backoff when it is within maxDelayMs and ends the retries when it is not.
 * Each wait is announced through onWait. A 2xx response is returned; anything else becomes an
 * {@link HttpError} whose message says what to do. The body of a failed
 * response is quoted (shortened) because services explain themselves there.
 */
async function httpRequest(url, options) {
    const doFetch = options.fetch ?? fetch;
    const sleep = options.sleep ?? defaultSleep;
    const retries = options.retries ?? 3;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const base = options.baseDelayMs ?? 1000;
    const maxDelay = options.maxDelayMs ?? 30_000;
    const target = redactUrl(url);
    const deadline = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    const started = Date.now();
    const left = () => deadline - (Date.now() - started);
    const overdue = (why) => new HttpError(last?.status ?? 0, `${why} (gave up at the ${Math.ceil(deadline / 1000)} s deadline of one remote call; the service is down or too slow, re-run later)`, last);
    let last;
    // Set by a Retry-After; otherwise the next wait is the exponential backoff.
    let asked;
    for (let attempt = 0; attempt <= retries; attempt++) {
        if (attempt > 0) {
            const wait = asked ?? Math.min(maxDelay, base * 2 ** (attempt - 1));
            if (wait >= left())
                throw overdue(last?.message ?? options.what);
            options.onWait?.(`${options.what}: ${last?.status ? `${target} answered ${last.status}` : `no answer from ${target}`}; ${asked === undefined ? 'retrying' : 'the service asked to retry'} in ${Math.ceil(wait / 1000)} s (attempt ${attempt + 1} of ${retries + 1})`);
            await sleep(wait);
            asked = undefined;
        }
        const attemptMs = Math.max(1, Math.min(timeoutMs, left()));
        let response;
        try {
            response = await doFetch(url, {
                method: options.method ?? 'GET',
                headers: options.headers,
                body: options.body,
                signal: AbortSignal.timeout(attemptMs)
            });
        }
        catch (err) {
            // A DOMException from another realm is not `instanceof Error`: test the name.
            const name = err?.name;
            const timedOut = name === 'TimeoutError' || name === 'AbortError';
            last = new HttpError(0, timedOut
                ? `${options.what}: ${target} did not answer within ${attemptMs} ms (${attempt + 1} attempts); check that the service is reachable, then re-run`
                : `${options.what}: cannot reach ${target} (${String(err?.message ?? err)}, ${attempt + 1} attempts); check the URL and the network, then re-run`, err);
            continue;
        }
        if (response.ok)
            return response;
        const text = await response.text().catch(() => '');
        last = new HttpError(response.status, `${options.what}: ${options.method ?? 'GET'} ${target} answered ${response.status} ${response.statusText} after ${attempt + 1} attempt(s): ${text.slice(0, 300)}; ${advice(response.status)}`, undefined, response.headers);
        if (!isRetryable(response.status))
            throw last;
        asked = retryAfterMs(response.headers.get('retry-after'));
        if (asked !== undefined && asked > maxDelay)
            throw new HttpError(response.status, `${last.message} (the service asked to retry after ${Math.ceil(asked / 1000)} s, longer than the ${Math.ceil(maxDelay / 1000)} s this job waits, so it did not wait)`);
    }
    if (last !== undefined && left() <= 0)
        throw overdue(last.message);
    throw last ?? new HttpError(0, `${options.what}: no attempt was made`);
}
/** fetch + JSON body, with the same retries and errors. */
async function httpJson(url, options) {
    const response = await httpRequest(url, options);
    const text = await response.text();
    try {
        return JSON.parse(text);
    }
    catch {
        throw new HttpError(response.status, `${options.what}: ${redactUrl(url)} answered with something that is not JSON: ${text.slice(0, 200)}`);
    }
}
/** What the user can do about a status. */
function advice(status) {
    if (status === 401)
        return 'the token was refused: check that the token input is set and not expired';
    if (status === 403)
        return 'the token lacks a permission: for GitHub attestations add `permissions: attestations: write` (and `id-token: write` for keyless signing) to the job; user-owned private repositories cannot store attestations';
    if (status === 404)
        return 'check the URL and that the repository exists and the token can see it';
    if (status === 422)
        return 'the service rejected the request body; this is a bug, please report it';
    if (isRetryable(status))
        return 'the service is busy or failing; re-run the job later';
    return 'check the inputs';
}
/** Retry-After as milliseconds (delta-seconds or an HTTP date). */
function retryAfterMs(value) {
    if (!value)
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const when = Date.parse(value);
    return Number.isNaN(when) ? undefined : Math.max(0, when - Date.now());
}
/** The URL without query string (which may carry tokens) for messages. */
function redactUrl(url) {
    const q = url.indexOf('?');
    return q === -1 ? url : `${url.slice(0, q)}?…`;
}

export { HttpError as H, httpJson as a, httpRequest as h };
