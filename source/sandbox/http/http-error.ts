/** An answer in Rescale's Django REST Framework shapes: `{"detail": "..."}` or field errors. */
export class HttpError extends Error {
	constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {
		super(typeof body === 'object' && body && 'detail' in body ? String(body.detail) : `HTTP ${status}`);
	}
}

export const notFound = () => new HttpError(404, {detail: 'Not found.'});
