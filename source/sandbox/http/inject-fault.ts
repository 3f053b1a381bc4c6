import type {FaultInjector, FaultKind} from '../faults.js';
import type {Context} from './context.js';
import {HttpError} from './http-error.js';

/**
 * Makes a request fail the way `fault` says before it reaches its route: slow, throttled (429
 * with `Retry-After`), a 5xx, or a reset. Returns true when the connection was dropped. A reset
 * of a non-GET is left to the caller: that request takes effect and only its answer is lost.
 */
export async function injectFault(fault: FaultKind | undefined, context: Context, faults: FaultInjector): Promise<boolean> {
	if (fault === 'slow') {
		await new Promise(resolve => setTimeout(resolve, faults.slowDelayMs()));
	} else if (fault === 'reset' && context.request.method === 'GET') {
		context.request.socket.destroy();
		return true;
	} else if (fault === '429') {
		throw new HttpError(429, {detail: 'Request was throttled. Expected available in 1 second.'}, {'Retry-After': '1'});
	} else if (fault && fault !== 'reset') {
		throw new HttpError(Number(fault), {detail: `Simulated ${fault} from the sandbox's fault injection.`});
	}

	return false;
}
