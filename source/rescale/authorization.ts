/**
 * The Authorization header for a key: `Token <key>` for Rescale's API keys, `Bearer <key>` for a
 * JWT-shaped one (three base64url parts, the first a JSON header), as Rescale's own desktop client
 * sends them.
 */
export function authorizationHeader(apiKey: string): string {
	return /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/.test(apiKey) ? `Bearer ${apiKey}` : `Token ${apiKey}`;
}
