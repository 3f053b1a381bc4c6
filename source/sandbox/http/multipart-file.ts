import {createWriteStream, rmSync} from 'node:fs';
import type {IncomingMessage} from 'node:http';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import busboy from 'busboy';
import {HttpError} from './http-error.js';

/**
 * Streams the multipart field `field` to `target` without holding it in memory (uploads can be
 * several GB) and returns the file's name and size. Other fields and later files are skipped.
 */
export async function receiveMultipartFile(request: IncomingMessage, field: string, target: string): Promise<{name: string; size: number}> {
	if (!request.headers['content-type']?.startsWith('multipart/form-data')) {
		throw new HttpError(400, {[field]: [`Upload the file as multipart/form-data in the field "${field}".`]});
	}

	let name: string | undefined;
	let size = 0;
	const writes: Array<Promise<void>> = [];
	await new Promise<void>((resolve, reject) => {
		const parser = busboy({headers: request.headers});
		parser.on('file', (candidate, stream, info) => {
			if (candidate !== field || name !== undefined) {
				stream.resume();
				return;
			}

			name = path.basename(info.filename || 'upload');
			stream.on('data', (chunk: Buffer) => {
				size += chunk.length;
			});
			writes.push(pipeline(stream, createWriteStream(target)));
		});
		parser.on('close', resolve);
		parser.on('error', reject);
		request.on('aborted', () => {
			reject(new HttpError(400, {detail: 'The upload was interrupted.'}));
		});
		request.pipe(parser);
	}).catch(error => {
		rmSync(target, {force: true});
		throw error instanceof HttpError ? error : new HttpError(400, {[field]: [`The upload could not be read: ${(error as Error).message}`]});
	});
	await Promise.all(writes);
	if (name === undefined) {
		throw new HttpError(400, {[field]: ['No file was submitted.']});
	}

	return {name, size};
}
