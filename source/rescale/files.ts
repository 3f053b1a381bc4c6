import {randomBytes} from 'node:crypto';
import {createReadStream, createWriteStream} from 'node:fs';
import {rename, rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import type {AxiosResponse} from 'axios';
import {RescaleError} from './errors.js';
import {fileSchema, linesSchema} from './schemas.js';
import type {Transport} from './transport.js';
import type {RescaleFile, TransferEvent} from './types.js';

export type TransferOptions = {onProgress?: (event: TransferEvent) => void; signal?: AbortSignal};

export type FilesApi = {
	/** Streams a local file up, reporting progress; never buffers it whole. */
	upload(localPath: string, options?: TransferOptions & {name?: string}): Promise<RescaleFile>;
	/** Streams a file to `destination` through a temporary file, so a failure leaves nothing half-written. */
	download(id: string, destination: string, options?: TransferOptions): Promise<void>;
	get(id: string): Promise<RescaleFile>;
	/** The user's files; `search` matches anywhere in the name. */
	list(search?: string): Promise<RescaleFile[]>;
	/** A text file's lines, newlines kept. */
	lines(id: string): Promise<string[]>;
	delete(id: string): Promise<void>;
};

export class Files implements FilesApi {
	readonly #transport: Transport;

	constructor(transport: Transport) {
		this.#transport = transport;
	}

	async upload(localPath: string, options: TransferOptions & {name?: string} = {}): Promise<RescaleFile> {
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
		return this.#transport.read('POST', '/api/v2/files/contents/', fileSchema, {
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
				config: {responseType: 'stream', timeout: 0, maxRedirects: 0, maxContentLength: listed > 0 ? listed : -1},
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

	async get(id: string): Promise<RescaleFile> {
		return this.#transport.read('GET', `/api/v2/files/${encodeURIComponent(id)}/`, fileSchema);
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
}
