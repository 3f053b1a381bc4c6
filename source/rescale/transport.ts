import type {Readable} from 'node:stream';
import axios, {type AxiosError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse} from 'axios';
import type {z} from 'zod';
import {authorizationHeader} from './authorization.js';
import {describeNetworkFailure, flattenFieldErrors, hintFor, redact, RescaleError} from './errors.js';
import {isLoopback, resolvePlatform} from './platforms.js';
import {pageOf} from './schemas.js';
import type {RetryEvent} from './types.js';

export type RetryPolicy = {attempts: number; baseDelayMs: number; maxDelayMs: number};

export type TransportOptions = {
	apiKey: string;
	/** Platform name (`eu`) or URL; https://platform.rescale.com by default. */
	platform?: string;
	/** How long a request may go without a byte moving either way (60 s by default). */
	timeoutMs?: number;
	/** How long one JSON request may take in all, however slowly its bytes trickle in (5 min by default). */
	deadlineMs?: number;
	retry?: Partial<RetryPolicy>;
	/** Waits between retries; tests may shorten it. */
	sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
	onEvent?: (event: RetryEvent) => void;
};

/** How a call may be repeated after a failure. */
export type Retry = 'always' | 'unprocessed' | 'never';

export type Params = Record<string, string | number | boolean | undefined>;

export type CallOptions = {
	params?: Params;
	/** A body, or a function that makes a fresh one for each attempt (a stream is read once). */
	data?: unknown;
	retry?: Retry;
	signal?: AbortSignal;
	config?: AxiosRequestConfig;
	/** Reads a streamed answer inside the attempt, so a failure while reading is retried too. */
	consume?: (response: AxiosResponse<Readable>) => Promise<void>;
	/** File contents may be redirected to a storage host (without the key); every other answer must come from the platform. */
	redirectsToStorage?: boolean;
	/** This call's total deadline per attempt, instead of the transport's (transfers scale it with their size). */
	deadlineMs?: number;
};

const defaultRetry: RetryPolicy = {attempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000};

/** The longest wait a Retry-After header can ask for. */
export const maxRetryAfterMs = 60_000;

/** The most pages one list is read to (1000 items each): more means the server is not Rescale. */
const maxPages = 200;

/** The largest JSON answer read; bodies beyond it are cut off, not buffered whole. */
const maxJsonBytes = 64 * 1024 * 1024;

export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(cancelled('sleep'));
			return;
		}

		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, milliseconds);
		const onAbort = () => {
			clearTimeout(timer);
			reject(cancelled('sleep'));
		};

		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/** `after`: the failure the call was waiting to retry when it was cancelled. */
function cancelled(request: string, after?: RescaleError): RescaleError {
	return new RescaleError({kind: 'cancelled', message: 'Cancelled.', hint: hintFor('cancelled'), request, cause: after});
}

/**
 * HTTP to one Rescale platform: the key, retries with backoff, paging, and every failure (or answer
 * that is not Rescale's) turned into a RescaleError. The key is held in private fields, so printing
 * the transport, an error or an event never shows it.
 */
export class Transport {
	readonly baseUrl: string;
	readonly #apiKey: string;
	readonly #http: AxiosInstance;
	readonly #retry: RetryPolicy;
	readonly #sleep: NonNullable<TransportOptions['sleep']>;
	readonly #onEvent: TransportOptions['onEvent'];
	#rateLimit: RateLimit | undefined;
	readonly #deadlineMs: number;
	readonly #idleMs: number;
	/** Aborted by close(): every call in flight, and any call made after, ends at once. */
	readonly #closed = new AbortController();

	constructor(options: TransportOptions) {
		this.baseUrl = resolvePlatform(options.platform);
		this.#apiKey = options.apiKey;
		this.#retry = {...defaultRetry, ...options.retry};
		this.#sleep = options.sleep ?? sleep;
		this.#onEvent = options.onEvent;
		this.#deadlineMs = options.deadlineMs ?? 5 * 60_000;
		this.#idleMs = options.timeoutMs ?? 60_000;
		this.#http = axios.create({
			baseURL: this.baseUrl,
			maxContentLength: maxJsonBytes,
			headers: {Authorization: authorizationHeader(options.apiKey), Accept: 'application/json'},
			// A proxy from HTTPS_PROXY must not see sandbox traffic on loopback.
			...(isLoopback(new URL(this.baseUrl)) ? {proxy: false as const} : {}),
		});
	}

	/** What the platform's last answer said of the key's rate limit, when it says (X-RateLimit-* or RateLimit-* headers). */
	get rateLimit(): RateLimit | undefined {
		return this.#rateLimit;
	}

	get attempts(): number {
		return this.#retry.attempts;
	}

	/**
	 * Ends every call in flight (and its retries) and refuses new ones: a session left while its
	 * checks still ran (Ctrl-C in step 3) must not keep the process alive retrying a closed server.
	 */
	close(): void {
		this.#closed.abort();
	}

	/** A call whose answer carries nothing the client reads (204s, submit, stop, streamed bodies). */
	async send(method: string, pathname: string, options: CallOptions = {}): Promise<void> {
		await this.#attempt(method, pathname, options);
	}

	/** A call whose answer is checked against `schema`; a mismatch is a `malformed` RescaleError. */
	async read<S extends z.ZodType>(method: string, pathname: string, schema: S, options: CallOptions = {}): Promise<z.output<S>> {
		const response = await this.#attempt(method, pathname, options);
		return this.#check(schema, response, `${method} ${pathname.split('?')[0]}`);
	}

	/** Every item of a paged list, following `next`. */
	async collect<S extends z.ZodType>(pathname: string, item: S, params: Params = {}, signal?: AbortSignal): Promise<Array<z.output<S>>> {
		const items: Array<z.output<S>> = [];
		for await (const entry of this.pages(pathname, item, params, signal)) {
			items.push(entry);
		}

		return items;
	}

	async * pages<S extends z.ZodType>(pathname: string, item: S, params: Params = {}, signal?: AbortSignal): AsyncGenerator<z.output<S>> {
		const page = pageOf(item);
		let next: string | undefined = pathname;
		let nextParams: Params | undefined = params;
		const seen = new Set<string>();
		for (let pages = 1; next; pages++) {
			const answer: z.output<typeof page> = await this.read('GET', next, page, {params: nextParams, signal});
			yield * answer.results;
			next = answer.next ? this.#sameOrigin(answer.next) : undefined;
			nextParams = undefined;
			if (next && (seen.has(next) || pages >= maxPages)) {
				throw new RescaleError({kind: 'malformed', message: `GET ${pathname.split('?')[0]}: ${seen.has(next) ? 'the next-page links go round in a loop' : `more than ${maxPages} pages`}; stopped reading.`, hint: `The server at ${this.baseUrl} does not answer like Rescale's API; check --platform.`, request: `GET ${pathname.split('?')[0]}`});
			}

			if (next) {
				seen.add(next);
			}
		}
	}

	/** Waits before the next attempt of a call its caller retries itself, and says so to the observer. */
	async backoff(request: string, attempt: number, reason: string, signal?: AbortSignal, retryAfter?: number): Promise<void> {
		const backoff = Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** (attempt - 1));
		// A Retry-After of a day would hang the command: waits are capped, and the event says how long.
		const delayMs = Math.min(maxRetryAfterMs, retryAfter ?? Math.round(backoff / 2 + Math.random() * backoff / 2));
		this.#onEvent?.({kind: 'retry', request, attempt, delayMs, reason});
		await this.#sleep(delayMs, signal);
	}

	/** `next` links are followed as given, but never to another host: the key goes with them. */
	#sameOrigin(link: string): string {
		const url = new URL(link, this.baseUrl);
		if (url.origin !== this.baseUrl) {
			throw new RescaleError({kind: 'server', message: `The platform sent a next-page link to another host (${url.host}); not following it.`, hint: hintFor('server'), request: 'GET next page'});
		}

		return url.pathname + url.search;
	}

	async #attempt(method: string, pathname: string, options: CallOptions): Promise<AxiosResponse> {
		const request = `${method} ${pathname.split('?')[0]}`;
		const retry = options.retry ?? (method === 'GET' || method === 'DELETE' ? 'always' : 'never');
		/** What made the last attempt fail: a caller that gives up waiting is told why it waited. */
		let previous: RescaleError | undefined;
		const signal = options.signal ? AbortSignal.any([options.signal, this.#closed.signal]) : this.#closed.signal;
		for (let attempt = 1; ; attempt++) {
			const deadline = new Deadline({totalMs: options.deadlineMs ?? this.#deadlineMs, idleMs: this.#idleMs}, signal);
			try {
				const response = await this.#http.request({
					method,
					url: pathname,
					params: options.params,
					data: typeof options.data === 'function' ? (options.data as () => unknown)() : options.data,
					signal: deadline.signal,
					...options.config,
					headers: {...options.config?.headers as Record<string, string>},
					// Every byte either way shows the request is alive; the idle timer counts from the last one.
					onUploadProgress: deadline.touch,
					onDownloadProgress: deadline.touch,
					beforeRedirect: options.redirectsToStorage ? undefined : (next: {href?: string; protocol?: string; host?: string}) => {
						this.#refuseOtherHost(next, request);
					},
				});
				this.#rateLimit = rateLimitFrom(response.headers) ?? this.#rateLimit;
				if (options.consume) {
					await options.consume(response);
				}

				return response;
			} catch (error) {
				const failure = deadline.expired ? this.#overDeadline(request, deadline.expired) : this.#toRescaleError(error, request);
				if (!shouldRetry(failure, retry) || attempt >= this.#retry.attempts || signal.aborted) {
					throw failure.kind === 'cancelled' && previous ? cancelled(request, previous) : failure;
				}

				previous = failure;
				await this.backoff(request, attempt, failure.message, signal, retryAfterMs(error)).catch((error_: unknown) => {
					throw error_ instanceof RescaleError && error_.kind === 'cancelled' ? cancelled(request, failure) : error_;
				});
			} finally {
				deadline.clear();
			}
		}
	}

	/** Another host's answer is not the platform's: it is refused, not read as data (axios has already dropped the key). */
	#refuseOtherHost(next: {href?: string; protocol?: string; host?: string}, request: string) {
		const target = new URL(next.href ?? `${next.protocol ?? ''}//${next.host ?? ''}`);
		if (target.origin !== this.baseUrl) {
			throw new RescaleError({kind: 'malformed', message: `${request}: the answer redirects to another host (${target.host}); not following it.`, hint: `Rescale answers API calls itself; check --platform (${this.baseUrl}) and any proxy in between.`, request});
		}
	}

	#overDeadline(request: string, expired: 'idle' | 'total'): RescaleError {
		const what = expired === 'idle' ? `nothing arrived for ${formatSeconds(this.#idleMs)}` : 'the answer was not complete in time';
		return new RescaleError({kind: 'network', message: `${request}: ${what} from ${this.baseUrl}; stopped waiting.`, hint: hintFor('network'), request});
	}

	/** The answer as the schema reads it, or a `malformed` error naming what did not fit (never the body). */
	#check<S extends z.ZodType>(schema: S, response: AxiosResponse, request: string): z.output<S> {
		const result = schema.safeParse(response.data);
		if (result.success) {
			return result.data;
		}

		// axios hands on a body it could not parse as JSON as text.
		const what = typeof response.data === 'string'
			? `the answer is not JSON (${String(response.headers['content-type'] ?? 'no content type')})`
			: `the answer is not what Rescale sends (${describeIssues(result.error.issues)})`;
		const clean = (text: string) => redact(text, this.#apiKey);
		throw new RescaleError({
			kind: 'malformed',
			status: response.status,
			message: clean(`${request}: ${what}.`),
			hint: clean(`The server at ${this.baseUrl} does not answer like Rescale's API; check --platform.`),
			request,
		});
	}

	/** Turns whatever axios threw into a RescaleError that carries nothing secret. */
	#toRescaleError(error: unknown, request: string): RescaleError {
		if (error instanceof RescaleError) {
			return error;
		}

		// axios and follow-redirects wrap what a redirect check threw, each in its own error.
		for (let cause = (error as {cause?: unknown}).cause, depth = 0; cause && depth < 3; cause = (cause as {cause?: unknown}).cause, depth++) {
			if (cause instanceof RescaleError) {
				return cause;
			}
		}

		const axiosError = error as AxiosError<unknown>;
		const clean = (text: string) => redact(text, this.#apiKey);
		if (axios.isCancel(error) || axiosError.code === 'ERR_CANCELED') {
			return cancelled(request);
		}

		const status = axiosError.response?.status;
		if (/maxContentLength size of \d+ exceeded/.test(axiosError.message ?? '')) {
			return new RescaleError({kind: 'malformed', message: clean(`${request}: the answer is larger than the listed size or the ${maxJsonBytes / 1024 / 1024} MB a JSON answer may have; stopped reading.`), hint: clean(`The server at ${this.baseUrl} does not answer like Rescale's API; check --platform.`), request});
		}

		if (status === undefined) {
			const code = axiosError.code ?? (error as NodeJS.ErrnoException).code ?? 'unknown';
			const {kind, reason, hint, lasting} = describeNetworkFailure(code, new URL(this.baseUrl).hostname);
			return new RescaleError({kind, reason, lasting, message: clean(`${request}: ${reason} talking to ${this.baseUrl}.`), hint, request});
		}

		const body = axiosError.response?.data;
		const detail = typeof body === 'object' && body && 'detail' in body ? String((body as {detail: unknown}).detail) : undefined;
		const kind = status === 401 ? 'auth' : status === 403 ? 'permission' : status === 404 ? 'not-found' : status === 429 ? 'throttled' : status >= 500 ? 'server' : 'invalid';
		const fieldErrors = kind === 'invalid' ? flattenFieldErrors(body).map(clean) : [];
		const summary = {
			auth: 'Rescale rejected the API key',
			permission: 'Rescale refused the request (no permission)',
			'not-found': 'not found on Rescale',
			throttled: 'Rescale is throttling this API key',
			server: 'Rescale answered with a server error',
			invalid: 'Rescale refused the request',
		}[kind];
		const reason = detail ?? (fieldErrors.length > 0 ? fieldErrors.join('; ') : undefined);
		return new RescaleError({
			kind,
			status,
			fieldErrors,
			message: clean(`${request}: ${summary} (HTTP ${status}${reason ? `: ${reason}` : ''}).`),
			hint: hintFor(kind),
			request,
		});
	}
}

/** The first few schema issues as `results[0].status is missing`, so a long list stays one line. */
function describeIssues(issues: z.core.$ZodIssue[]): string {
	const shown = issues.slice(0, 3).map(issue => {
		if (issue.code === 'invalid_union' && issue.errors.length > 0) {
			// The branch that got furthest into the answer says best what is wrong with it.
			const deepest = issue.errors.reduce((best, branch) => depth(branch) > depth(best) ? branch : best);
			return describeIssues(deepest.map(inner => ({...inner, path: [...issue.path, ...inner.path]})));
		}

		const where = issue.path.map((key, index) => typeof key === 'number' ? `[${key}]` : `${index > 0 ? '.' : ''}${String(key)}`).join('') || 'the answer';
		return /received undefined$/.test(issue.message) ? `${where} is missing` : `${where}: ${issue.message.replace(/^Invalid input: /, '')}`;
	});
	return [...shown, ...(issues.length > 3 ? [`and ${issues.length - 3} more`] : [])].join('; ');
}

function depth(issues: z.core.$ZodIssue[]): number {
	return Math.max(0, ...issues.map(issue => issue.path.length));
}

/**
 * Aborts one attempt when no byte has moved for `idleMs`, when its total time is up (a server that
 * trickles bytes), or when the caller cancels; `expired` says which deadline it was.
 */
class Deadline {
	expired: 'idle' | 'total' | undefined;
	readonly #controller = new AbortController();
	readonly #total: NodeJS.Timeout;
	#idle: NodeJS.Timeout;
	readonly #caller: AbortSignal | undefined;
	readonly #onCancel = () => {
		this.#controller.abort();
	};

	constructor(limits: {totalMs: number; idleMs: number}, caller?: AbortSignal) {
		this.#caller = caller;
		this.#total = setTimeout(() => {
			this.#expire('total');
		}, limits.totalMs);
		this.#idle = setTimeout(() => {
			this.#expire('idle');
		}, limits.idleMs);
		if (caller?.aborted) {
			this.#controller.abort();
		}

		caller?.addEventListener('abort', this.#onCancel, {once: true});
	}

	get signal(): AbortSignal {
		return this.#controller.signal;
	}

	readonly touch = () => {
		this.#idle.refresh();
	};

	clear() {
		clearTimeout(this.#total);
		clearTimeout(this.#idle);
		this.#caller?.removeEventListener('abort', this.#onCancel);
	}

	#expire(which: 'idle' | 'total') {
		this.expired ??= which;
		this.#controller.abort();
	}
}

function formatSeconds(milliseconds: number): string {
	return `${Math.round(milliseconds / 100) / 10} s`;
}

/**
 * A failure after which the platform may or may not have acted on the request. Callers retry
 * these themselves; a lasting one (a host name that does not resolve) never reached the platform.
 */
export function isAmbiguous(error: RescaleError): boolean {
	return (error.kind === 'network' && !error.lasting) || (error.kind === 'server' && error.status !== 501);
}

function shouldRetry(error: RescaleError, retry: Retry): boolean {
	// Lasting: a host name that does not exist or a certificate not trusted; the words say why, at once.
	if (retry === 'never' || error.kind === 'cancelled' || error.lasting) {
		return false;
	}

	if (error.kind === 'throttled' || (error.kind === 'server' && error.status === 503)) {
		// Refused before any work was done: safe for every call.
		return true;
	}

	return retry === 'always' && (error.kind === 'network' || error.kind === 'server');
}

/** Retry-After in seconds or as an HTTP date, in milliseconds. */
function retryAfterMs(error: unknown): number | undefined {
	const header = (error as AxiosError).response?.headers?.['retry-after'] as string | undefined;
	if (!header) {
		return undefined;
	}

	const seconds = Number(header);
	if (Number.isFinite(seconds)) {
		return Math.max(0, seconds * 1000);
	}

	const date = Date.parse(header);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export type RateLimit = {limit: number; remaining: number};

function rateLimitFrom(headers: AxiosResponse['headers']): RateLimit | undefined {
	const number = (name: string) => {
		const value = Number(headers[`x-ratelimit-${name}`] ?? headers[`ratelimit-${name}`]);
		return Number.isFinite(value) && value >= 0 ? value : undefined;
	};

	const limit = number('limit');
	const remaining = number('remaining');
	return limit === undefined || remaining === undefined ? undefined : {limit, remaining};
}
