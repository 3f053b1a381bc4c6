import type {IncomingMessage} from 'node:http';
import {HttpError} from './http-error.js';

/** `Authorization: Token <key>`, with the platform's two 401 texts (contract, Basics). */
export function authenticate(request: IncomingMessage, apiKey: string) {
	const header = request.headers.authorization;
	if (!header) {
		throw new HttpError(401, {detail: 'Authentication credentials were not provided.'});
	}

	if (header !== `Token ${apiKey}`) {
		throw new HttpError(401, {detail: 'Invalid token.'});
	}
}
