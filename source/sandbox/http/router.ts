import type {Handler} from './context.js';
import {HttpError, notFound} from './http-error.js';

export type Route = {method: string; pattern: RegExp; handler: Handler};

/** `{id}` matches one path segment of an id, `{path}` the rest of the path. */
export function route(method: string, pattern: string, handler: Handler): Route {
	return {
		method,
		pattern: new RegExp(`^${pattern.replaceAll('{id}', '([\\w-]+)').replaceAll('{path}', '(.+)')}$`),
		handler,
	};
}

/** The route for a request and its captures; 405 when only the method is wrong, else 404. */
export function findRoute(routes: Route[], method: string | undefined, pathname: string): {handler: Handler; params: string[]} {
	const found = routes.find(candidate => candidate.method === method && candidate.pattern.test(pathname));
	if (!found) {
		throw routes.some(candidate => candidate.pattern.test(pathname)) ? new HttpError(405, {detail: `Method "${method}" not allowed.`}) : notFound();
	}

	return {handler: found.handler, params: found.pattern.exec(pathname)!.slice(1)};
}
