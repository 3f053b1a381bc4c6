import type {IncomingMessage} from 'node:http';
import {HttpError} from './http-error.js';

/**
 * `Authorization: Token <key>`, or `Bearer <key>` when the key is a JWT (three dot-separated
 * parts), and only that scheme: with the platform's two 401 texts (contract, Basics).
 */
export function authenticate(request: IncomingMessage, apiKey: string) {
	const header = request.headers.authorization;
	if (!header) {
		throw new HttpError(401, {detail: 'Authentication credentials were not provided.'});
	}

	const scheme = apiKey.split('.').length === 3 ? 'Bearer' : 'Token';
	if (header !== `${scheme} ${apiKey}`) {
		throw new HttpError(401, {detail: 'Invalid token.'});
	}
}
