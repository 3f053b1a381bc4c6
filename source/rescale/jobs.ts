import {RescaleError} from './errors.js';
import {fileSchema, jobSchema, jobStatusSchema, tailSchema} from './schemas.js';
import {isAmbiguous, type Transport} from './transport.js';
import type {Job, JobRequest, JobStatus, RescaleFile} from './types.js';

export type JobFilter = {state?: 'completed' | 'not_completed'; jobStatus?: string};

export type JobsApi = {
	/** Creates a job without ever creating it twice (see Jobs.create). */
	create(job: JobRequest, signal?: AbortSignal): Promise<Job>;
	get(id: string): Promise<Job>;
	list(filter?: JobFilter): Promise<Job[]>;
	findByName(name: string): Promise<Job[]>;
	submit(id: string, signal?: AbortSignal): Promise<void>;
	stop(id: string): Promise<void>;
	/** Refused (400) until the job's cluster is `Stopped`. */
	delete(id: string, options?: {deleteInputFiles?: boolean}): Promise<void>;
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
	 * A failure that leaves it unknown whether the platform created the job (a lost connection, a
	 * 5xx) is settled by looking for a job of that name that was not there before, and only then
	 * by trying again.
	 */
	async create(job: JobRequest, signal?: AbortSignal): Promise<Job> {
		const before = new Set((await this.findByName(job.name)).map(existing => existing.id));
		for (let attempt = 1; ; attempt++) {
			try {
				 
				return await this.#transport.read('POST', '/api/v2/jobs/', jobSchema, {data: job, retry: 'unprocessed', signal});
			} catch (error) {
				if (!(error instanceof RescaleError) || !isAmbiguous(error) || attempt >= this.#transport.attempts) {
					throw error;
				}

				 
				const created = (await this.findByName(job.name)).find(candidate => !before.has(candidate.id));
				if (created) {
					return created;
				}

				 
				await this.#transport.backoff('POST /api/v2/jobs/', attempt, error.message, signal);
			}
		}
	}

	async get(id: string): Promise<Job> {
		return this.#transport.read('GET', `/api/v2/jobs/${encodeURIComponent(id)}/`, jobSchema);
	}

	async list(filter: JobFilter = {}): Promise<Job[]> {
		return this.#transport.collect('/api/v2/jobs/', jobSchema, {state: filter.state, job_status: filter.jobStatus, page_size: 1000});
	}

	async findByName(name: string): Promise<Job[]> {
		return (await this.list()).filter(job => job.name === name);
	}

	/** Submitting twice is a no-op on the platform, so a lost answer is simply asked again. */
	async submit(id: string, signal?: AbortSignal): Promise<void> {
		await this.#transport.send('POST', `/api/v2/jobs/${encodeURIComponent(id)}/submit/`, {retry: 'always', signal});
	}

	async stop(id: string): Promise<void> {
		await this.#transport.send('POST', `/api/v2/jobs/${encodeURIComponent(id)}/stop/`, {retry: 'always'});
	}

	async delete(id: string, options: {deleteInputFiles?: boolean} = {}): Promise<void> {
		await this.#transport.send('DELETE', `/api/v2/jobs/${encodeURIComponent(id)}/`, {params: {deleteInputFiles: options.deleteInputFiles ? 'true' : undefined}});
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
