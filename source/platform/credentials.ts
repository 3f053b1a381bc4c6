import type {ConfigStore} from './config.js';
import {UserError} from '../errors.js';
import {resolvePlatform} from '../rescale/platforms.js';

export type KeySource = 'the --api-key flag' | 'RESCALE_API_KEY' | 'the stored key' | 'the key typed in';

export type AvailableKey = {apiKey: string; source: KeySource};

/** Where jobs go and with which key, as far as flags, environment and the stored settings say. */
export type PlatformSettings = {
	/** --platform, then RESCALE_PLATFORM, then the stored platform, then Rescale's US platform. */
	platform: string;
	/** Whether the user named the platform (flag or environment), so a typed key needs no platform list. */
	platformChosen: boolean;
	/** Every key that is set up, in the order they win: flag, environment, stored. */
	keys: AvailableKey[];
	/** --project, then RESCALE_PROJECT, then the one remembered for this platform: an id or a name. */
	project: string | undefined;
};

export type SettingsFlags = {apiKey?: string; platform?: string; project?: string};

/** The same order for the wizard and the headless commands: flag, then environment, then stored. */
export function platformSettings(flags: SettingsFlags, config: ConfigStore, environment: NodeJS.ProcessEnv = process.env): PlatformSettings {
	const stored = config.credentials();
	const named = flags.platform ?? (environment.RESCALE_PLATFORM?.trim() || undefined);
	const platform = resolvePlatform(named ?? stored.platform);
	const keys: AvailableKey[] = [];
	const add = (apiKey: string | undefined, source: KeySource) => {
		if (apiKey?.trim()) {
			keys.push({apiKey: apiKey.trim(), source});
		}
	};

	add(flags.apiKey, 'the --api-key flag');
	add(environment.RESCALE_API_KEY, 'RESCALE_API_KEY');
	add(stored.apiKey, 'the stored key');
	const project = flags.project ?? (environment.RESCALE_PROJECT?.trim() || undefined) ?? config.project(platform);
	return {platform, platformChosen: named !== undefined, keys, project};
}

/** The key that wins, or a UserError that says how to set one up. */
export function winningKey(settings: PlatformSettings): AvailableKey {
	const [key] = settings.keys;
	if (!key) {
		throw new UserError('no Rescale API key', {
			hint: 'Run rescale-apptainer login, or set RESCALE_API_KEY; or try everything offline with --sandbox.',
		});
	}

	return key;
}
