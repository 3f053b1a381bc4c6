import type {Context} from './context.js';
import {HttpError} from './http-error.js';

export type Page<T> = {count: number; next: string | null; previous: string | null; results: T[]};

/** DRF-style page with absolute `next`/`previous` URLs; `page_size` 25 by default, at most 1000 (contract, Basics). */
export function paginate<T>(context: Context, items: T[]): Page<T> {
	const pageSize = Math.min(1000, Math.max(1, Number(context.url.searchParams.get('page_size') ?? 25) || 25));
	const page = Number(context.url.searchParams.get('page') ?? 1);
	const pages = Math.max(1, Math.ceil(items.length / pageSize));
	if (!Number.isInteger(page) || page < 1 || page > pages) {
		throw new HttpError(404, {detail: 'Invalid page.'});
	}

	const link = (target: number) => {
		const url = new URL(context.url.pathname + context.url.search, context.base);
		url.searchParams.set('page', String(target));
		url.searchParams.set('page_size', String(pageSize));
		return url.toString();
	};

	return {
		count: items.length,
		next: page < pages ? link(page + 1) : null,
		previous: page > 1 ? link(page - 1) : null,
		results: items.slice((page - 1) * pageSize, page * pageSize),
	};
}
