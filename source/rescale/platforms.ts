import {UserError} from '../errors.js';

/** Rescale's platforms (a key works only on its own): shared/rescale-api.md, Basics. */
export const platforms: Record<string, string> = {
	us: 'https://platform.rescale.com',
	eu: 'https://eu.rescale.com',
	jp: 'https://platform.rescale.jp',
	kr: 'https://kr.rescale.com',
	itar: 'https://itar.rescale.com',
	gov: 'https://itar.rescale-gov.com',
};

export const defaultPlatform = platforms.us!;

const loopbackHosts = /^(?:127(?:\.\d{1,3}){3}|localhost|\[::1])$/;

export function isLoopback(url: URL): boolean {
	return loopbackHosts.test(url.hostname);
}

/**
 * A platform name (`eu`) or URL, checked: HTTPS for real platforms, plain HTTP only for a loopback
 * address (the sandbox), so that a key never crosses a network unencrypted.
 */
export function resolvePlatform(nameOrUrl: string | undefined): string {
	const value = nameOrUrl?.trim() || defaultPlatform;
	const named = platforms[value.toLowerCase()];
	if (named) {
		return named;
	}

	let url: URL;
	try {
		url = new URL(/^[a-z]+:\/\//i.test(value) ? value : `https://${value}`);
	} catch {
		throw new UserError(`"${value}" is neither a platform name nor a URL`, {hint: `Platforms: ${Object.keys(platforms).join(', ')}, or a URL such as https://eu.rescale.com`});
	}

	if (url.protocol === 'http:' && !isLoopback(url)) {
		throw new UserError(`refusing plain http:// for ${url.host}: the API key would cross the network unencrypted`, {hint: 'Use https://, or http:// only for a local sandbox (127.0.0.1).'});
	}

	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new UserError(`unsupported platform URL ${value}`);
	}

	return url.origin;
}
