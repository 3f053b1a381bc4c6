import type {ServerResponse} from 'node:http';

/** Rescale's `user` scope allows 7,200 requests an hour per key (shared/rescale-api.md, Basics). */
const requestsPerHour = 7200;
const hourMs = 3_600_000;

/**
 * Counts one key's requests in a sliding real-time hour and says so in X-RateLimit-* headers on
 * every answer, as a rate-limited API does, so clients can show their headroom.
 */
export function rateLimitHeaders() {
	const recent: number[] = [];
	return (response: ServerResponse, now = Date.now()) => {
		recent.push(now);
		while (recent.length > 0 && recent[0]! <= now - hourMs) {
			recent.shift();
		}

		response.setHeader('X-RateLimit-Limit', String(requestsPerHour));
		response.setHeader('X-RateLimit-Remaining', String(Math.max(0, requestsPerHour - recent.length)));
	};
}
