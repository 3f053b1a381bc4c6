import {randomBytes} from 'node:crypto';
import {createReadStream, createWriteStream} from 'node:fs';
import {rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import axios, {type AxiosError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse} from 'axios';
import {flattenFieldErrors, hintFor, redact, RescaleError, type RescaleErrorKind} from './errors.js';
import {isLoopback, resolvePlatform} from './platforms.js';
import type {
	Analysis, ComputePrice, Coretype, Folder, Job, JobRequest, JobStatus, Page, RescaleFile, RetryEvent, Run, TransferEvent, User,
} from './types.js';

export type RetryPolicy = {attempts: number; baseDelayMs: number; maxDelayMs: number};

export type ClientOptions = {
	apiKey: string;
	/** Platform name (`eu`) or URL; https://platform.rescale.com by default. */
	platform?: string;
	timeoutMs?: number;
	retry?: Partial<RetryPolicy>;
	/** Waits between retries; tests may shorten it. */
	sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
	onEvent?: (event: RetryEvent) => void;
};

/** How a call may be repeated after a failure. */
type Retry = 'always' | 'unprocessed' | 'never';

type CallOptions = {params?: Record<string, string | number | boolean | undefined>; data?: unknown; retry?: Retry; signal?: AbortSignal};

const defaultRetry: RetryPolicy = {attempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000};

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

function cancelled(request: string): RescaleError {
	return new RescaleError({kind: 'cancelled', message: 'Cancelled.', hint: hintFor('cancelled'), request});
}

/**
 * The Rescale API over one axios instance. The key is held in private fields, so printing the
 * client, an error or an event never shows it; every error is a RescaleError with a one-line
 * message and a hint.
 */
export class RescaleClient {
	readonly baseUrl: string;
	readonly #apiKey: string;
	readonly #http: AxiosInstance;
	readonly #retry: RetryPolicy;
	readonly #sleep: NonNullable<ClientOptions['sleep']>;
	readonly #onEvent: ClientOptions['onEvent'];

	constructor(options: ClientOptions) {
		this.baseUrl = resolvePlatform(options.platform);
		this.#apiKey = options.apiKey;
		this.#retry = {...defaultRetry, ...options.retry};
		this.#sleep = options.sleep ?? sleep;
		this.#onEvent = options.onEvent;
		this.#http = axios.create({
			baseURL: this.baseUrl,
			timeout: options.timeoutMs ?? 60_000,
			headers: {Authorization: `Token ${options.apiKey}`, Accept: 'application/json'},
			// A proxy from HTTPS_PROXY must not see sandbox traffic on loopback.
			...(isLoopback(new URL(this.baseUrl)) ? {proxy: false as const} : {}),
		});
	}

	// Calls ----------------------------------------------------------------------------------

	async getUser(signal?: AbortSignal): Promise<User> {
		return this.call<User>('GET', '/api/v2/users/me/', {signal});
	}

	async listProjects(): Promise<Array<{id: string; name: string}>> {
		return this.collect('/api/v2/users/me/projects/');
	}

	async listCoretypes(): Promise<Coretype[]> {
		const raw = await this.collect<Record<string, unknown>>('/api/v2/coretypes/', {isActive: true, page_size: 1000});
		return raw.map(item => ({
			...(item as unknown as Coretype),
			cores: (item.cores as number[] | undefined) ?? [],
			gpuCounts: ((item.gpuCounts as Array<number | string> | undefined) ?? []).map(Number),
			lowPriorityPrice: item.lowPriorityPrice === undefined || item.lowPriorityPrice === null ? undefined : Number(item.lowPriorityPrice),
			price: item.price === undefined || item.price === null ? undefined : Number(item.price),
		}));
	}

	async listComputePrices(): Promise<ComputePrice[]> {
		const data = await this.call<unknown>('GET', '/api/v2/billing/computeprices/');
		return listOf<Record<string, any>>(data).map(item => ({
			coreType: String(item.coreType),
			planType: item.planType,
			isActive: item.isActive,
			amount: Number(item.value?.amount ?? item.amount),
		}));
	}

	async listAnalyses(): Promise<Analysis[]> {
		return this.collect('/api/v2/analyses/', {page_size: 1000});
	}

	async listFiles(search?: string): Promise<RescaleFile[]> {
		return this.collect('/api/v2/files/', {search, page_size: 1000});
	}

	async getFile(id: string): Promise<RescaleFile> {
		return this.call('GET', `/api/v2/files/${encodeURIComponent(id)}/`);
	}

	async getFileLines(id: string): Promise<string[]> {
		const data = await this.call<{lines?: string[]} | string[]>('GET', `/api/v2/files/${encodeURIComponent(id)}/lines/`);
		return Array.isArray(data) ? data : data.lines ?? [];
	}

	async deleteFile(id: string): Promise<void> {
		await this.call('DELETE', `/api/v2/files/${encodeURIComponent(id)}/`);
	}

	async getJob(id: string): Promise<Job> {
		return this.call('GET', `/api/v2/jobs/${encodeURIComponent(id)}/`);
	}

	/** Changes a job before submission; the platform ignores changes after it. */
	async updateJob(id: string, changes: Partial<JobRequest>): Promise<Job> {
		return this.call('PATCH', `/api/v2/jobs/${encodeURIComponent(id)}/`, {data: changes, retry: 'always'});
	}

	async listJobs(filter: {state?: 'completed' | 'not_completed'; jobStatus?: string} = {}): Promise<Job[]> {
		return this.collect('/api/v2/jobs/', {state: filter.state, job_status: filter.jobStatus, page_size: 1000});
	}

	async findJobsByName(name: string): Promise<Job[]> {
		return (await this.listJobs()).filter(job => job.name === name);
	}

	/**
	 * Creates a job without ever creating it twice: a failure that leaves it unknown whether the
	 * platform created the job (a lost connection, a 5xx) is settled by looking for a job of that
	 * name that was not there before, and only then by trying again.
	 */
	async createJob(job: JobRequest, signal?: AbortSignal): Promise<Job> {
		const before = new Set((await this.findJobsByName(job.name)).map(existing => existing.id));
		for (let attempt = 1; ; attempt++) {
			try {
				// eslint-disable-next-line no-await-in-loop
				return await this.call<Job>('POST', '/api/v2/jobs/', {data: job, retry: 'unprocessed', signal});
			} catch (error) {
				if (!(error instanceof RescaleError) || !isAmbiguous(error) || attempt >= this.#retry.attempts) {
					throw error;
				}

				// eslint-disable-next-line no-await-in-loop
				const created = (await this.findJobsByName(job.name)).find(candidate => !before.has(candidate.id));
				if (created) {
					return created;
				}

				// eslint-disable-next-line no-await-in-loop
				await this.pause('POST /api/v2/jobs/', attempt, error.message, undefined, signal);
			}
		}
	}

	/** Submitting twice is a no-op on the platform, so a lost answer is simply asked again. */
	async submitJob(id: string, signal?: AbortSignal): Promise<void> {
		await this.call('POST', `/api/v2/jobs/${encodeURIComponent(id)}/submit/`, {retry: 'always', signal});
	}

	async stopJob(id: string): Promise<void> {
		await this.call('POST', `/api/v2/jobs/${encodeURIComponent(id)}/stop/`, {retry: 'always'});
	}

	async deleteJob(id: string, options: {deleteInputFiles?: boolean} = {}): Promise<void> {
		await this.call('DELETE', `/api/v2/jobs/${encodeURIComponent(id)}/`, {params: {deleteInputFiles: options.deleteInputFiles ? 'true' : undefined}});
	}

	/** Newest first, as the platform answers. */
	async getJobStatuses(id: string, signal?: AbortSignal): Promise<JobStatus[]> {
		return this.collect(`/api/v2/jobs/${encodeURIComponent(id)}/statuses/`, {}, signal);
	}

	/** Newest first; empty until the job has a cluster (the platform answers 404 until then). */
	async getClusterStatuses(id: string, signal?: AbortSignal): Promise<JobStatus[]> {
		try {
			return await this.collect(`/api/v2/jobs/${encodeURIComponent(id)}/cluster_statuses/`, {}, signal);
		} catch (error) {
			if (error instanceof RescaleError && error.kind === 'not-found') {
				return [];
			}

			throw error;
		}
	}

	async listRuns(id: string): Promise<Run[]> {
		return this.collect(`/api/v2/jobs/${encodeURIComponent(id)}/runs/`);
	}

	/** The last lines of a file of a running job; undefined when the run is not executing. */
	async tailRun(id: string, run: string, file: string, lines = 100): Promise<string[] | undefined> {
		try {
			const data = await this.call<{lines?: string[]}>('GET', `/api/v2/jobs/${encodeURIComponent(id)}/runs/${encodeURIComponent(run)}/tail/${file.split('/').map(part => encodeURIComponent(part)).join('/')}`, {params: {lines}});
			return data.lines ?? [];
		} catch (error) {
			if (error instanceof RescaleError && error.kind === 'not-found') {
				return undefined;
			}

			throw error;
		}
	}

	async listJobFiles(id: string, search?: string): Promise<RescaleFile[]> {
		return this.collect(`/api/v2/jobs/${encodeURIComponent(id)}/files/`, {search, page_size: 1000});
	}

	async listFolders(): Promise<Folder[]> {
		return listOf<Folder>(await this.call('GET', '/api/v3/file-folders/'));
	}

	/** The folder of that name, created when missing (a concurrent creation is tolerated). */
	async ensureFolder(name: string): Promise<Folder> {
		const existing = (await this.listFolders()).find(folder => folder.name === name);
		if (existing) {
			return existing;
		}

		try {
			return await this.call<Folder>('POST', '/api/v3/file-folders/', {data: {name, parentId: null}, retry: 'unprocessed'});
		} catch (error) {
			const raced = (await this.listFolders()).find(folder => folder.name === name);
			if (raced) {
				return raced;
			}

			throw error;
		}
	}

	async addFilesToFolder(folderId: string, fileIds: string[]): Promise<void> {
		await this.call('POST', `/api/v3/file-folders/${encodeURIComponent(folderId)}/files/`, {data: {ids: fileIds}, retry: 'always'});
	}

	/** Type 1 makes files input files (usable by later jobs). */
	async changeFileType(fileIds: string[], typeId: number): Promise<void> {
		await this.call('POST', '/api/v3/files/bulk/type-change/', {data: {ids: fileIds, type: typeId}, retry: 'always'});
	}

	// Transfers ------------------------------------------------------------------------------

	/** Streams a local file up as multipart form data, reporting progress; never buffers it whole. */
	async uploadFile(localPath: string, options: {name?: string; onProgress?: (event: TransferEvent) => void; signal?: AbortSignal} = {}): Promise<RescaleFile> {
		const name = options.name ?? path.basename(localPath);
		const {size} = await stat(localPath).catch(() => {
			throw new RescaleError({kind: 'not-found', message: `${localPath}: no such file to upload`, hint: 'Check the path.', request: 'upload'});
		});
		const boundary = `----rescale-apptainer-${randomBytes(12).toString('hex')}`;
		const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replaceAll('"', '')}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
		const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
		const report = options.onProgress;
		// Retried after any transient failure: at worst an upload whose answer was lost leaves an
		// unused copy of the file in cloud storage, which costs nothing and harms no job.
		return this.call<RescaleFile>('POST', '/api/v2/files/contents/', {
			retry: 'always',
			signal: options.signal,
			data: () => Readable.from((async function * () {
				yield head;
				let sent = 0;
				report?.({kind: 'upload', file: name, sent, total: size});
				for await (const chunk of createReadStream(localPath, {highWaterMark: 1024 * 1024})) {
					sent += (chunk as Buffer).length;
					yield chunk as Buffer;
					report?.({kind: 'upload', file: name, sent, total: size});
				}

				yield tail;
			})()),
			config: {
				headers: {'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(head.length + size + tail.length)},
				maxBodyLength: Number.POSITIVE_INFINITY,
				// follow-redirects would keep a copy of the whole body in memory to replay it.
				maxRedirects: 0,
				timeout: 0,
			},
		});
	}

	/** Streams a file to `destination` through a temporary file, so a failure leaves nothing half-written. */
	async downloadFile(id: string, destination: string, options: {onProgress?: (event: TransferEvent) => void; signal?: AbortSignal} = {}): Promise<void> {
		const partial = `${destination}.part`;
		const name = path.basename(destination);
		try {
			await this.call('GET', `/api/v2/files/${encodeURIComponent(id)}/contents/`, {
				retry: 'always',
				signal: options.signal,
				config: {responseType: 'stream', timeout: 0, maxRedirects: 0},
				consume: async (response: AxiosResponse<Readable>) => {
					const total = Number(response.headers['content-length'] ?? 0);
					let sent = 0;
					response.data.on('data', (chunk: Buffer) => {
						sent += chunk.length;
						options.onProgress?.({kind: 'download', file: name, sent, total});
					});
					await pipeline(response.data, createWriteStream(partial));
				},
			});
			await rename(partial, destination);
		} finally {
			await rm(partial, {force: true});
		}
	}

	// Plumbing -------------------------------------------------------------------------------

	/** Every item of a paged list, following `next` (bare arrays are accepted too). */
	async collect<T>(pathname: string, params: CallOptions['params'] = {}, signal?: AbortSignal): Promise<T[]> {
		const items: T[] = [];
		for await (const item of this.pages<T>(pathname, params, signal)) {
			items.push(item);
		}

		return items;
	}

	async * pages<T>(pathname: string, params: CallOptions['params'] = {}, signal?: AbortSignal): AsyncGenerator<T> {
		let next: string | undefined = pathname;
		let nextParams: CallOptions['params'] = params;
		while (next) {
			// eslint-disable-next-line no-await-in-loop
			const data: unknown = await this.call('GET', next, {params: nextParams, signal});
			for (const item of listOf<T>(data)) {
				yield item;
			}

			const link = Array.isArray(data) ? null : (data as Partial<Page<T>>).next;
			next = link ? this.sameOrigin(link) : undefined;
			nextParams = undefined;
		}
	}

	/** `next` links are followed as given, but never to another host: the key goes with them. */
	private sameOrigin(link: string): string {
		const url = new URL(link, this.baseUrl);
		if (url.origin !== this.baseUrl) {
			throw new RescaleError({kind: 'server', message: `The platform sent a next-page link to another host (${url.host}); not following it.`, hint: hintFor('server'), request: 'GET next page'});
		}

		return url.pathname + url.search;
	}

	private async call<T>(
		method: string,
		pathname: string,
		options: Omit<CallOptions, 'data'> & {
			data?: unknown | (() => unknown);
			config?: AxiosRequestConfig;
			consume?: (response: AxiosResponse<any>) => Promise<void>;
		} = {},
	): Promise<T> {
		const request = `${method} ${pathname.split('?')[0]}`;
		const retry = options.retry ?? (method === 'GET' || method === 'DELETE' ? 'always' : 'never');
		for (let attempt = 1; ; attempt++) {
			try {
				// eslint-disable-next-line no-await-in-loop
				const response = await this.#http.request({
					method,
					url: pathname,
					params: options.params,
					data: typeof options.data === 'function' ? (options.data as () => unknown)() : options.data,
					signal: options.signal,
					...options.config,
					headers: {...options.config?.headers as Record<string, string>},
				});
				if (options.consume) {
					// eslint-disable-next-line no-await-in-loop
					await options.consume(response);
				}

				return response.data as T;
			} catch (error) {
				const failure = this.toRescaleError(error, request);
				const retryAfter = retryAfterMs(error);
				if (!shouldRetry(failure, retry) || attempt >= this.#retry.attempts || options.signal?.aborted) {
					throw failure;
				}

				// eslint-disable-next-line no-await-in-loop
				await this.pause(request, attempt, failure.message, retryAfter, options.signal);
			}
		}
	}

	private async pause(request: string, attempt: number, reason: string, retryAfter: number | undefined, signal?: AbortSignal) {
		const backoff = Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** (attempt - 1));
		const delayMs = retryAfter ?? Math.round(backoff / 2 + Math.random() * backoff / 2);
		this.#onEvent?.({kind: 'retry', request, attempt, delayMs, reason});
		await this.#sleep(delayMs, signal);
	}

	/** Turns whatever axios threw into a RescaleError that carries nothing secret. */
	private toRescaleError(error: unknown, request: string): RescaleError {
		if (error instanceof RescaleError) {
			return error;
		}

		const axiosError = error as AxiosError<unknown>;
		const clean = (text: string) => redact(text, this.#apiKey);
		if (axios.isCancel(error) || axiosError.code === 'ERR_CANCELED') {
			return cancelled(request);
		}

		const status = axiosError.response?.status;
		if (status === undefined) {
			const code = axiosError.code ?? (error as NodeJS.ErrnoException).code ?? 'unknown';
			const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code);
			const kind: RescaleErrorKind = tls ? 'tls' : 'network';
			const what = tls ? 'the secure connection failed' : code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'no answer in time' : code === 'ECONNREFUSED' ? 'the connection was refused' : code === 'ENOTFOUND' ? 'the host name could not be resolved' : 'the connection was lost';
			return new RescaleError({kind, message: clean(`${request}: ${what} (${code}) talking to ${this.baseUrl}.`), hint: hintFor(kind), request});
		}

		const body = axiosError.response?.data;
		const detail = typeof body === 'object' && body && 'detail' in body ? String((body as {detail: unknown}).detail) : undefined;
		const kind: RescaleErrorKind = status === 401 ? 'auth' : status === 403 ? 'permission' : status === 404 ? 'not-found' : status === 429 ? 'throttled' : status >= 500 ? 'server' : 'invalid';
		const fieldErrors = kind === 'invalid' ? flattenFieldErrors(body).map(clean) : [];
		const summary = {
			auth: 'Rescale rejected the API key',
			permission: 'Rescale refused the request (no permission)',
			'not-found': 'not found on Rescale',
			throttled: 'Rescale is throttling this API key',
			server: 'Rescale answered with a server error',
			invalid: 'Rescale refused the request',
		}[kind as Exclude<RescaleErrorKind, 'network' | 'tls' | 'cancelled'>];
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

function listOf<T>(data: unknown): T[] {
	if (Array.isArray(data)) {
		return data as T[];
	}

	const results = (data as {results?: unknown} | null)?.results;
	return Array.isArray(results) ? results as T[] : [];
}

/** A failure after which the platform may or may not have acted on the request. */
function isAmbiguous(error: RescaleError): boolean {
	return error.kind === 'network' || (error.kind === 'server' && error.status !== 501);
}

function shouldRetry(error: RescaleError, retry: Retry): boolean {
	if (retry === 'never' || error.kind === 'cancelled' || error.kind === 'tls') {
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
