/** What went wrong talking to Rescale, as something a person can act on. */
export type RescaleErrorKind = 'auth' | 'permission' | 'not-found' | 'invalid' | 'throttled' | 'server' | 'network' | 'tls' | 'cancelled' | 'malformed';

export class RescaleError extends Error {
	readonly kind: RescaleErrorKind;
	readonly status: number | undefined;
	readonly hint: string;
	/** Field errors of a 400, flattened to `jobanalyses[0].hardware.coresPerSlot: message`. */
	readonly fieldErrors: string[];
	/** Method and path of the failed call (never headers, so never the key). */
	readonly request: string;

	constructor(fields: {kind: RescaleErrorKind; message: string; hint: string; status?: number; fieldErrors?: string[]; request: string}) {
		super(fields.message);
		this.name = 'RescaleError';
		this.kind = fields.kind;
		this.status = fields.status;
		this.hint = fields.hint;
		this.fieldErrors = fields.fieldErrors ?? [];
		this.request = fields.request;
	}
}

const hints: Record<RescaleErrorKind, string> = {
	auth: 'Check the API key, and that it belongs to this platform region (a key works only on its own platform: --platform eu, jp, kr...).',
	permission: 'Your account is not allowed to do this; ask your Rescale administrator for the permission.',
	'not-found': 'It may have been deleted, or belong to another account or platform.',
	invalid: 'Fix the values named above and try again.',
	throttled: 'Rescale limits how often an API key may call it; wait a minute and try again.',
	server: 'Rescale had a problem answering; try again in a few minutes. Nothing was lost: jobs keep running.',
	network: 'Check your network connection (and HTTPS_PROXY/NO_PROXY if you use a proxy), then try again.',
	tls: 'The secure connection could not be verified; check the platform URL, your proxy, or NODE_EXTRA_CA_CERTS for a company certificate.',
	cancelled: 'Cancelled.',
	malformed: 'The server does not answer like Rescale\'s API; check --platform.',
};

export function hintFor(kind: RescaleErrorKind): string {
	return hints[kind];
}

/** Flattens DRF field errors: {"jobanalyses": [{"hardware": {"coresPerSlot": ["..."]}}]}. */
export function flattenFieldErrors(body: unknown, prefix = ''): string[] {
	if (typeof body === 'string') {
		return [prefix ? `${prefix}: ${body}` : body];
	}

	if (Array.isArray(body)) {
		return body.every(item => typeof item === 'string')
			? body.map(item => (prefix ? `${prefix}: ${String(item)}` : String(item)))
			: body.flatMap((item, index) => flattenFieldErrors(item, `${prefix}[${index}]`));
	}

	if (body && typeof body === 'object') {
		return Object.entries(body as Record<string, unknown>).flatMap(([key, value]) => flattenFieldErrors(value, key === 'detail' || key === 'non_field_errors' ? prefix : prefix ? `${prefix}.${key}` : key));
	}

	return [];
}

/** Removes every occurrence of a secret from text. */
export function redact(text: string, secret: string | undefined): string {
	return secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}
