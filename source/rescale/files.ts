import {randomBytes} from 'node:crypto';
import {createReadStream, createWriteStream} from 'node:fs';
import {rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import type {AxiosResponse} from 'axios';
import {z} from 'zod';
import {RescaleError} from './errors.js';
import {fileSchema, jobSchema, linesSchema} from './schemas.js';
import {isAmbiguous, type CallOptions, type Transport} from './transport.js';
import type {RescaleFile, TransferEvent} from './types.js';

export type TransferOptions = {onProgress?: (event: TransferEvent) => void; signal?: AbortSignal};

export type UploadOptions = TransferOptions & {
	name?: string;
	/** Whether a file may belong to someone else's work (another command's upload), so it is never taken for an orphan. */
	claimed?: (file: RescaleFile) => boolean;
	/** Told of each copy that landed although its answer was lost, after it is deleted. */
	onOrphan?: (file: RescaleFile) => void;
};

export type FilesApi = {
	/**
	 * Streams a local file up, reporting progress; never buffers it whole. An attempt whose answer
	 * was lost is not repeated blindly: the copy it may have left is looked up and deleted first.
	 */
	upload(localPath: string, options?: UploadOptions): Promise<RescaleFile>;
	/** Streams a file to `destination` through a temporary file, so a failure leaves nothing half-written. */
	download(id: string, destination: string, options?: TransferOptions): Promise<void>;
	/** A short `deadlineMs` and a narrower `retry`: a look that must not hold the user up while a failing platform is retried. */
	get(id: string, options?: Pick<CallOptions, 'signal' | 'retry' | 'deadlineMs'>): Promise<RescaleFile>;
	/** The user's files; `search` matches anywhere in the name. */
	list(search?: string): Promise<RescaleFile[]>;
	/** A text file's lines, newlines kept. */
	lines(id: string): Promise<string[]>;
	delete(id: string): Promise<void>;
	/**
	 * The ids of the files read by the jobs created since `since` (a timestamp of the platform's
	 * clock); undefined when more jobs were created since than the lookup reads (it is bounded).
	 */
	readByJobsSince(since: string, signal?: AbortSignal): Promise<Set<string> | undefined>;
};

/** How many of the newest jobs readByJobsSince looks into at most. */
const jobInputsLookupLimit = 200;

const jobInputsSchema = z.object({
	jobanalyses: z.array(z.object({inputFiles: z.array(z.object({id: z.string()})).nullish()})).nullish(),
});

/**
 * A transfer's total deadline: 10 minutes plus its size at 256 KB/s, far slower than any working link,
 * so only a server that trickles bytes to hold the command forever reaches it. Stalls (no byte for the
 * transport's idle timeout) end sooner.
 */
export function transferDeadlineMs(bytes: number): number {
	return 10 * 60_000 + Math.ceil(bytes / (256 * 1024)) * 1000;
}

export class Files implements FilesApi {
	readonly #transport: Transport;

	constructor(transport: Transport) {
		this.#transport = transport;
	}

	async upload(localPath: string, options: UploadOptions = {}): Promise<RescaleFile> {
		const name = options.name ?? path.basename(localPath);
		const {size} = await stat(localPath).catch(() => {
			throw new RescaleError({kind: 'not-found', message: `${localPath}: no such file to upload`, hint: 'Check the path.', request: 'upload'});
		});
		// The copies of this name that exist before the first attempt are never taken for its orphans.
		const before = new Set((await this.#named(name, options.signal)).map(file => file.id));
		for (let attempt = 1; ; attempt++) {
			try {
				return await this.#send(localPath, name, size, options);
			} catch (error) {
				if (!(error instanceof RescaleError) || !isAmbiguous(error)) {
					throw error;
				}

				// The file may have landed although the answer was lost: delete that copy before another.
				const orphans = (await this.#named(name, options.signal)).filter(file => !before.has(file.id) && file.decryptedSize === size && !options.claimed?.(file));
				for (const orphan of orphans) {
					await this.delete(orphan.id);
					options.onOrphan?.(orphan);
				}

				if (attempt >= this.#transport.attempts) {
					throw error;
				}

				await this.#transport.backoff('POST /api/v2/files/contents/', attempt, error.message, options.signal);
			}
		}
	}

	/** The user's files called exactly `name` (the search matches anywhere in names). */
	async #named(name: string, signal?: AbortSignal): Promise<RescaleFile[]> {
		return (await this.#transport.collect('/api/v2/files/', fileSchema, {search: name, page_size: 1000}, signal)).filter(file => file.name === name);
	}

	/** One attempt: retried here only when the platform refused it before doing anything (429, 503). */
	async #send(localPath: string, name: string, size: number, options: TransferOptions): Promise<RescaleFile> {
		const boundary = `----rescale-apptainer-${randomBytes(12).toString('hex')}`;
		const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replaceAll('"', '')}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
		const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
		const report = options.onProgress;
		return this.#transport.read('POST', '/api/v2/files/contents/', fileSchema, {
			retry: 'unprocessed',
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
			},
			deadlineMs: transferDeadlineMs(size),
		});
	}

	async download(id: string, destination: string, options: TransferOptions = {}): Promise<void> {
		// A temporary name no listed file can have, so `a.part` next to `a` is never overwritten.
		const partial = path.join(path.dirname(destination), `.${path.basename(destination)}.${randomBytes(6).toString('hex')}.download`);
		const name = path.basename(destination);
		const listed = (await this.get(id)).decryptedSize ?? 0;
		try {
			await this.#transport.send('GET', `/api/v2/files/${encodeURIComponent(id)}/contents/`, {
				retry: 'always',
				signal: options.signal,
				// Stopped at the listed size: an endless body never fills the disk.
				// Contents may come from a storage host; the key is never sent there (axios drops it on redirects).
				config: {responseType: 'stream', maxContentLength: listed > 0 ? listed : -1},
				redirectsToStorage: true,
				deadlineMs: transferDeadlineMs(listed),
				async consume(response: AxiosResponse<Readable>) {
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

	async get(id: string, options: Pick<CallOptions, 'signal' | 'retry' | 'deadlineMs'> = {}): Promise<RescaleFile> {
		return this.#transport.read('GET', `/api/v2/files/${encodeURIComponent(id)}/`, fileSchema, options);
	}

	async list(search?: string): Promise<RescaleFile[]> {
		return this.#transport.collect('/api/v2/files/', fileSchema, {search, page_size: 1000});
	}

	async lines(id: string): Promise<string[]> {
		return this.#transport.read('GET', `/api/v2/files/${encodeURIComponent(id)}/lines/`, linesSchema);
	}

	async delete(id: string): Promise<void> {
		await this.#transport.send('DELETE', `/api/v2/files/${encodeURIComponent(id)}/`);
	}

	async readByJobsSince(since: string, signal?: AbortSignal): Promise<Set<string> | undefined> {
		const read = new Set<string>();
		const from = Date.parse(since);
		let seen = 0;
		// Jobs are listed newest first; the list carries no input files, each job's own page does.
		for await (const job of this.#transport.pages('/api/v2/jobs/', jobSchema, {page_size: 100}, signal)) {
			if (job.dateInserted !== undefined && Date.parse(job.dateInserted) < from) {
				return read;
			}

			if (++seen > jobInputsLookupLimit) {
				return undefined;
			}

			const detail = await this.#transport.read('GET', `/api/v2/jobs/${encodeURIComponent(job.id)}/`, jobInputsSchema, {signal});
			for (const analysis of detail.jobanalyses ?? []) {
				for (const input of analysis.inputFiles ?? []) {
					read.add(input.id);
				}
			}
		}

		return read;
	}
}
