import {paginate} from '../http/pagination.js';
import {route, type Route} from '../http/router.js';
import {send} from '../http/send.js';
import type {Platform} from '../platform.js';

export function userRoutes({catalog}: Platform): Route[] {
	return [
		route('GET', '/api/v2/users/me/', context => {
			send(context, 200, catalog.user);
		}),
		route('GET', '/api/v2/users/me/projects/', context => {
			send(context, 200, paginate(context, catalog.projects));
		}),
	];
}
