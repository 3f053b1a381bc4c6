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
	/** For a network or TLS failure: what happened, in words, with the system's code in parentheses. */
	readonly reason: string | undefined;
	/** A failure that trying again right away cannot heal (see describeNetworkFailure): not retried. */
	readonly lasting: boolean;

	constructor(fields: {kind: RescaleErrorKind; message: string; hint: string; status?: number; fieldErrors?: string[]; request: string; reason?: string; lasting?: boolean; cause?: unknown}) {
		super(fields.message, fields.cause === undefined ? undefined : {cause: fields.cause});
		this.name = 'RescaleError';
		this.kind = fields.kind;
		this.status = fields.status;
		this.hint = fields.hint;
		this.fieldErrors = fields.fieldErrors ?? [];
		this.request = fields.request;
		this.reason = fields.reason;
		this.lasting = fields.lasting ?? false;
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

const networkWords: Record<string, (host: string) => string> = {
	ENOTFOUND: host => `the host name ${host} could not be found`,
	EAI_AGAIN: host => `the host name ${host} could not be looked up just now (no answer from the name server)`,
	ECONNREFUSED: () => 'the connection was refused',
	ECONNRESET: () => 'the connection was lost',
	EPIPE: () => 'the connection was lost',
	ETIMEDOUT: () => 'no answer in time',
	ECONNABORTED: () => 'no answer in time',
	EHOSTUNREACH: host => `this machine has no network route to ${host}`,
	ENETUNREACH: host => `this machine has no network route to ${host}`,
	ENETDOWN: () => 'this machine\'s network is down',
	EPROTO: () => 'the server does not speak HTTPS at that address',
	CERT_HAS_EXPIRED: host => `the certificate of ${host} has expired`,
	CERT_NOT_YET_VALID: host => `the certificate of ${host} is not valid yet (check this machine's clock)`,
	DEPTH_ZERO_SELF_SIGNED_CERT: host => `the certificate of ${host} is self-signed, not issued by an authority this machine trusts`,
	SELF_SIGNED_CERT_IN_CHAIN: host => `the certificate of ${host} comes from a self-signed authority this machine does not trust (a company proxy?)`,
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: host => `the certificate of ${host} is issued by an authority this machine does not know`,
	UNABLE_TO_GET_ISSUER_CERT: host => `the certificate of ${host} is issued by an authority this machine does not know`,
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: host => `the certificate of ${host} is issued by an authority this machine does not know (a company proxy?)`,
	ERR_TLS_CERT_ALTNAME_INVALID: host => `the certificate presented is not for ${host}`,
	ERR_SSL_WRONG_VERSION_NUMBER: () => 'the server does not speak HTTPS at that address',
};

/**
 * A failure below HTTP (DNS, TCP, TLS) in words a person can act on, keeping the system's code
 * (ENOTFOUND, CERT_HAS_EXPIRED...) in parentheses for whoever helps them. `lasting`: trying again
 * in a few seconds cannot heal it (a name the name server says does not exist, a certificate this
 * machine does not trust), unlike a lost connection, a timeout or EAI_AGAIN (the name server did
 * not answer); such a request was never sent, so the platform did nothing with it.
 */
export function describeNetworkFailure(code: string, host: string): {kind: 'network' | 'tls'; reason: string; hint: string; lasting: boolean} {
	const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|EPROTO/.test(code);
	const words = networkWords[code]?.(host) ?? (tls ? 'the secure connection could not be set up' : 'the connection was lost');
	// A name that does not resolve is most often a mistyped address, not a network down.
	const hint = code === 'ENOTFOUND' ? `Check the platform address (--platform or RESCALE_PLATFORM: ${host}), then your network connection.` : hints[tls ? 'tls' : 'network'];
	return {kind: tls ? 'tls' : 'network', reason: `${words} (${code})`, hint, lasting: tls || code === 'ENOTFOUND'};
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
