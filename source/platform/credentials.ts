import type {ConfigStore} from './config.js';
import {UserError} from '../errors.js';
import {resolvePlatform} from '../rescale/platforms.js';

export type Credentials = {apiKey: string; platform: string; source: 'the --api-key flag' | 'RESCALE_API_KEY' | 'the stored key'};

/**
 * The key and platform to use: --api-key, then RESCALE_API_KEY, then what `login` stored; the
 * platform from --platform, then RESCALE_PLATFORM, then the stored one, then the default.
 */
export function resolveCredentials(flags: {apiKey?: string; platform?: string}, config: ConfigStore, environment: NodeJS.ProcessEnv = process.env): Credentials {
	const stored = config.credentials();
	const platform = resolvePlatform(flags.platform ?? environment.RESCALE_PLATFORM ?? stored.platform);
	const fromFlag = flags.apiKey?.trim();
	const fromEnvironment = environment.RESCALE_API_KEY?.trim();
	if (fromFlag) {
		return {apiKey: fromFlag, platform, source: 'the --api-key flag'};
	}

	if (fromEnvironment) {
		return {apiKey: fromEnvironment, platform, source: 'RESCALE_API_KEY'};
	}

	if (stored.apiKey) {
		return {apiKey: stored.apiKey, platform, source: 'the stored key'};
	}

	throw new UserError('no Rescale API key', {
		hint: 'Run rescale-apptainer login, or set RESCALE_API_KEY; or try everything offline with --sandbox.',
	});
}
