import {randomBytes} from 'node:crypto';
import {RescaleError} from './errors.js';
import {fileSchema, jobSchema, jobStatusSchema, tailSchema} from './schemas.js';
import {isAmbiguous, type Transport} from './transport.js';
import type {Job, JobRequest, JobStatus, RescaleFile} from './types.js';

export type CreateOptions = {token?: string; signal?: AbortSignal};

/** How many of the newest unfinished jobs a token lookup reads at most. */
const tokenLookupLimit = 300;

/** A unique mark for one job creation, written down before the request is sent. */
export function newJobToken(): string {
	return randomBytes(9).toString('base64url');
}

export function tokenTag(token: string): string {
	return `[ra:${token}]`;
}

function withToken(description: string | undefined, token: string): string {
	const tag = tokenTag(token);
	return description?.includes(tag) ? description : `${description ?? ''} ${tag}`.trim();
}

export type JobFilter = {state?: 'completed' | 'not_completed'; jobStatus?: string};

export type JobsApi = {
	/** Creates a job without ever creating it twice (see Jobs.create). */
	create(job: JobRequest, options?: CreateOptions): Promise<Job>;
	/** The unfinished job created with this token, among the newest few hundred. */
	findByToken(token: string, signal?: AbortSignal): Promise<Job | undefined>;
	get(id: string): Promise<Job>;
	list(filter?: JobFilter): Promise<Job[]>;
	submit(id: string, signal?: AbortSignal): Promise<void>;
	stop(id: string): Promise<void>;
	/** Newest first; empty before submit. */
	statuses(id: string, signal?: AbortSignal): Promise<JobStatus[]>;
	/** Newest first; empty until the job has a cluster. */
	clusterStatuses(id: string, signal?: AbortSignal): Promise<JobStatus[]>;
	/** The last lines of a file of a running job; undefined when the run is not executing. */
	tail(id: string, run: string, file: string, lines?: number): Promise<string[] | undefined>;
	/** The job's files (outputs, the log); complete only after the run. */
	files(id: string, search?: string): Promise<RescaleFile[]>;
};

export class Jobs implements JobsApi {
	readonly #transport: Transport;

	constructor(transport: Transport) {
		this.#transport = transport;
	}

	/**
	 * The job carries `token` in its description. A failure that leaves it unknown whether the
	 * platform created the job (a lost connection, a 5xx) is settled by looking the token up among
	 * the newest unfinished jobs (a bounded lookup), and only then by trying again.
	 */
	async create(job: JobRequest, options: CreateOptions = {}): Promise<Job> {
		const token = options.token ?? newJobToken();
		const body = {...job, description: withToken(job.description, token)};
		for (let attempt = 1; ; attempt++) {
			try {
				return await this.#transport.read('POST', '/api/v2/jobs/', jobSchema, {data: body, retry: 'unprocessed', signal: options.signal});
			} catch (error) {
				if (!(error instanceof RescaleError) || !isAmbiguous(error) || attempt >= this.#transport.attempts) {
					throw error;
				}

				const created = await this.findByToken(token, options.signal);
				if (created) {
					return created;
				}

				await this.#transport.backoff('POST /api/v2/jobs/', attempt, error.message, options.signal);
			}
		}
	}

	async findByToken(token: string, signal?: AbortSignal): Promise<Job | undefined> {
		const tag = tokenTag(token);
		let seen = 0;
		// A job whose creation is in doubt was never submitted, so it is among the unfinished ones,
		// and among the newest of those: the lookup reads a bounded number of them, never the account.
		for await (const candidate of this.#transport.pages('/api/v2/jobs/', jobSchema, {state: 'not_completed', page_size: 100}, signal)) {
			if (candidate.description?.includes(tag) || candidate.name.includes(tag)) {
				return candidate;
			}

			if (++seen >= tokenLookupLimit) {
				return undefined;
			}
		}

		return undefined;
	}

	async get(id: string): Promise<Job> {
		return this.#transport.read('GET', `/api/v2/jobs/${encodeURIComponent(id)}/`, jobSchema);
	}

	async list(filter: JobFilter = {}): Promise<Job[]> {
		return this.#transport.collect('/api/v2/jobs/', jobSchema, {state: filter.state, job_status: filter.jobStatus, page_size: 1000});
	}

	/**
	 * Submit is not idempotent on every platform, so it is never sent again blindly: after a lost
	 * answer or a 5xx the job's statuses say whether it was taken, and only a job without any is
	 * submitted again. Refusals before any work (429, 503) are retried by the transport.
	 */
	async submit(id: string, signal?: AbortSignal): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			try {
				await this.#transport.send('POST', `/api/v2/jobs/${encodeURIComponent(id)}/submit/`, {retry: 'unprocessed', signal});
				return;
			} catch (error) {
				if (!(error instanceof RescaleError) || !isAmbiguous(error) || attempt >= this.#transport.attempts) {
					throw error;
				}

				if ((await this.statuses(id, signal)).length > 0) {
					return;
				}

				await this.#transport.backoff(`POST /api/v2/jobs/${id}/submit/`, attempt, error.message, signal);
			}
		}
	}

	async stop(id: string): Promise<void> {
		await this.#transport.send('POST', `/api/v2/jobs/${encodeURIComponent(id)}/stop/`, {retry: 'always'});
	}

	async statuses(id: string, signal?: AbortSignal): Promise<JobStatus[]> {
		return this.#transport.collect(`/api/v2/jobs/${encodeURIComponent(id)}/statuses/`, jobStatusSchema, {}, signal);
	}

	async clusterStatuses(id: string, signal?: AbortSignal): Promise<JobStatus[]> {
		try {
			return await this.#transport.collect(`/api/v2/jobs/${encodeURIComponent(id)}/cluster_statuses/`, jobStatusSchema, {}, signal);
		} catch (error) {
			// The platform answers 404 until a cluster exists.
			if (error instanceof RescaleError && error.kind === 'not-found') {
				return [];
			}

			throw error;
		}
	}

	async tail(id: string, run: string, file: string, lines = 100): Promise<string[] | undefined> {
		const pathname = `/api/v2/jobs/${encodeURIComponent(id)}/runs/${encodeURIComponent(run)}/tail/${file.split('/').map(part => encodeURIComponent(part)).join('/')}`;
		try {
			return (await this.#transport.read('GET', pathname, tailSchema, {params: {lines}})).lines;
		} catch (error) {
			if (error instanceof RescaleError && error.kind === 'not-found') {
				return undefined;
			}

			throw error;
		}
	}

	async files(id: string, search?: string): Promise<RescaleFile[]> {
		return this.#transport.collect(`/api/v2/jobs/${encodeURIComponent(id)}/files/`, fileSchema, {search, page_size: 1000});
	}
}
