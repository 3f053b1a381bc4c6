import {paginate} from '../http/pagination.js';
import {route, type Route} from '../http/router.js';
import {send} from '../http/send.js';
import type {Platform} from '../platform.js';

export function catalogRoutes({catalog}: Platform): Route[] {
	return [
		route('GET', '/api/v2/coretypes/', context => {
			// The platform has no GPU model field: it is part of `processorInfo`.
			// Nor does it send what the node's nvidia-smi prints.
			send(context, 200, paginate(context, catalog.coretypes.map(({gpuModel, ...coretype}) => ({
				...omit(coretype, 'nvidiaSmi'),
				...(gpuModel ? {processorInfo: `${coretype.processorInfo}, ${gpuModel}`} : {}),
			}))));
		}),
		route('GET', '/api/v2/billing/computeprices/', context => {
			// A bare array, not a page (contract, Basics).
			send(context, 200, catalog.coretypes.flatMap(coretype => [
				{coreType: coretype.code, planType: 'on-demand', os: 'linux', isActive: true, value: {amount: coretype.price.toFixed(4)}},
				{coreType: coretype.code, planType: 'low-priority', os: 'linux', isActive: true, value: {amount: coretype.lowPriorityPrice}},
			]));
		}),
		route('GET', '/api/v2/analyses/', context => {
			send(context, 200, paginate(context, catalog.analyses));
		}),
	];
}

function omit<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
	const copy = {...value};
	delete copy[key];
	return copy;
}
