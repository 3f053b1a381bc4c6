import {ConfigStore} from '../platform/config.js';
import {UserError} from '../errors.js';
import {RescaleClient} from '../rescale/client.js';
import {RescaleError} from '../rescale/errors.js';
import {resolvePlatform} from '../rescale/platforms.js';
import type {Output} from './output.js';
import {readSecret} from './read-secret.js';

/**
 * `login`: asks for the key (masked), checks it against the platform, and only then stores it
 * with the platform in a file readable only by the user.
 */
export async function loginCommand(flags: {apiKey?: string; platform?: string}, output: Output, config = new ConfigStore()): Promise<number> {
	const platform = resolvePlatform(flags.platform ?? process.env.RESCALE_PLATFORM);
	const apiKey = flags.apiKey?.trim() || process.env.RESCALE_API_KEY?.trim() || await readSecret(`Rescale API key for ${platform} (input hidden): `);
	if (!apiKey) {
		throw new UserError('no API key given', {hint: 'Copy it from Rescale: Settings > API, then run rescale-apptainer login again.'});
	}

	const client = new RescaleClient({platform, apiKey, retry: {attempts: 3}});
	try {
		const user = await client.users.me();
		await config.saveCredentials(platform, apiKey);
		output.stdout.write(`Logged in to ${platform} as ${user.email}.\nThe key is stored in ${config.path} (readable only by you); rescale-apptainer logout removes it.\n`);
		return 0;
	} catch (error) {
		if (error instanceof RescaleError) {
			throw new UserError(`${error.message} The key was not stored.`, {hint: error.hint, exitCode: 1});
		}

		throw error;
	}
}

/** `logout` works whatever state the settings are in: a damaged file is moved aside, not read. */
export async function logoutCommand(output: Output, config = new ConfigStore()): Promise<number> {
	const damaged = config.moveAsideIfCorrupt();
	if (damaged) {
		output.stdout.write(`The settings file ${config.path} ${damaged.problem}; it was moved to ${damaged.aside} (the key it may hold is no longer used).\n`);
		return 0;
	}

	output.stdout.write(await config.clearCredentials() ? `The stored API key was removed from ${config.path}.\n` : 'No API key was stored; nothing to do.\n');
	return 0;
}
