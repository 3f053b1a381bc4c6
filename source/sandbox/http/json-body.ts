import type {IncomingMessage} from 'node:http';
import {HttpError} from './http-error.js';

const maxBytes = 1024 * 1024;

/** A JSON object body (an empty body reads as `{}`), refused the way DRF refuses it. */
export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > maxBytes) {
			throw new HttpError(413, {detail: 'Request body too large.'});
		}

		chunks.push(chunk as Buffer);
	}

	const text = Buffer.concat(chunks).toString('utf8');
	if (text.trim() === '') {
		return {};
	}

	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new HttpError(400, {detail: `JSON parse error - ${(error as Error).message}`});
	}

	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new HttpError(400, {non_field_errors: ['Invalid data. Expected a dictionary.']});
	}

	return value as Record<string, unknown>;
}
