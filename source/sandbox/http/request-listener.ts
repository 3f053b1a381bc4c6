import type {IncomingMessage, ServerResponse} from 'node:http';
import type {FaultInjector} from '../faults.js';
import {authenticate} from './authenticate.js';
import type {Context} from './context.js';
import {HttpError} from './http-error.js';
import {injectFault} from './inject-fault.js';
import {rateLimitHeaders} from './rate-limit.js';
import {findRoute, type Route} from './router.js';
import {send} from './send.js';
import type {SandboxStore} from '../store.js';

/** Every request: authenticate, maybe fail by fault injection, route, answer errors in DRF shapes. */
export function requestListener(apiKey: string, routes: Route[], faults: FaultInjector, store: Pick<SandboxStore, 'transaction'>): (request: IncomingMessage, response: ServerResponse) => void {
	const countRequest = rateLimitHeaders();
	return (request, response) => {
		countRequest(response);
		const base = `http://${request.headers.host ?? 'localhost'}`;
		const context: Context = {request, response, url: new URL(request.url ?? '/', base), params: [], base, answerLost: false};
		void handle(context, apiKey, routes, faults, store).catch(() => {
			send(context, 500, {detail: 'Internal server error.'});
		});
	};
}

async function handle(context: Context, apiKey: string, routes: Route[], faults: FaultInjector, store: Pick<SandboxStore, 'transaction'>) {
	try {
		authenticate(context.request, apiKey);
		const fault = faults.next();
		if (await injectFault(fault, context, faults)) {
			return;
		}

		const {handler, params} = findRoute(routes, context.request.method, context.url.pathname);
		context.params = params;
		// The request takes effect, then the answer is lost: the ambiguous failure clients must survive.
		context.answerLost = fault === 'reset';
		await store.transaction(async () => handler(context));
	} catch (error) {
		if (error instanceof HttpError) {
			send(context, error.status, error.body, error.headers);
			return;
		}

		throw error;
	}
}
