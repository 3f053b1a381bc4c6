import {readFileSync, renameSync} from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import type Conf from 'conf';
import {UserError} from '../errors.js';
import {BuiltImages} from './built-images.js';
import {JobState} from './job-state.js';

/** A job whose id was saved the moment the platform returned it, so a restart can reattach. */
export type InFlightJob = {jobId: string; kind: 'build' | 'run'; name: string; platform: string; savedAt: string};

type Stored = {platform?: string; apiKey?: string; projects?: Record<string, string>};

/**
 * The settings file: RESCALE_APPTAINER_CONFIG_DIR/config.json, else where conf puts it by default
 * (env-paths' config folder for 'rescale-apptainer', no suffix), so existing settings are found.
 */
export function settingsPath(directory = process.env.RESCALE_APPTAINER_CONFIG_DIR): string {
	return path.resolve(directory || envPaths('rescale-apptainer', {suffix: ''}).config, 'config.json');
}

/** The settings in the file's text, or what is wrong with it (said after "the settings file X"). */
function parseSettings(text: string): Stored | {problem: string} {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return {problem: 'is not valid JSON'};
	}

	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return {problem: 'is not a JSON object'};
	}

	const {platform, apiKey, projects} = value as Record<string, unknown>;
	for (const [name, field] of [['platform', platform], ['apiKey', apiKey]] as const) {
		if (field !== undefined && typeof field !== 'string') {
			return {problem: `has a value for ${name} that is not text`};
		}
	}

	if (projects !== undefined && (typeof projects !== 'object' || projects === null || Array.isArray(projects) || Object.values(projects).some(id => typeof id !== 'string'))) {
		return {problem: 'has projects that are not project ids by platform'};
	}

	return value as Stored;
}

/**
 * The user's settings: platform, API key and remembered projects, in a JSON file readable only by
 * the user (mode 0600); job records live beside it, one file per plan (JobState), and the images
 * builds filed, one file per image identity (BuiltImages). RESCALE_APPTAINER_CONFIG_DIR moves them
 * all (tests, several accounts).
 *
 * Reading is a plain JSON read, so the wizard's first frame does not wait for conf and its schema
 * validator (ajv, semver...); conf is loaded for writes only, which makes them async.
 */
export class ConfigStore {
	readonly path: string;
	readonly jobs: JobState;
	readonly images: BuiltImages;

	constructor(directory = process.env.RESCALE_APPTAINER_CONFIG_DIR) {
		this.path = settingsPath(directory);
		this.jobs = new JobState(path.join(path.dirname(this.path), 'jobs'));
		this.images = new BuiltImages(path.join(path.dirname(this.path), 'images'));
	}

	credentials(): {platform: string | undefined; apiKey: string | undefined} {
		const {platform, apiKey} = this.#read();
		return {platform, apiKey};
	}

	async saveCredentials(platform: string, apiKey: string) {
		await this.#write(conf => {
			conf.set({platform, apiKey});
		});
	}

	/** Forgets the key; returns whether there was one. A damaged file is moved aside instead (see logout). */
	async clearCredentials(): Promise<boolean> {
		return this.#write(conf => {
			const had = conf.has('apiKey');
			conf.delete('apiKey');
			conf.delete('platform');
			return had;
		});
	}

	/** Moves a damaged settings file aside; returns where it went and what was wrong, or undefined when it was fine. */
	moveAsideIfCorrupt(): {aside: string; problem: string} | undefined {
		const read = this.#parse();
		if (!('problem' in read)) {
			return undefined;
		}

		const aside = `${this.path}.broken-${new Date().toISOString().replaceAll(/[:.]/g, '-')}`;
		renameSync(this.path, aside);
		return {aside, problem: read.problem};
	}

	/** The project chosen for jobs on this platform (an id), if one was remembered. */
	project(platform: string): string | undefined {
		return this.#read().projects?.[platform];
	}

	async rememberProject(platform: string, projectId: string) {
		await this.#write(conf => {
			conf.set('projects', {...conf.get('projects'), [platform]: projectId});
		});
	}

	inFlightJob(planKey: string): InFlightJob | undefined {
		const record = this.jobs.get(planKey);
		return record?.jobId ? {jobId: record.jobId, kind: record.kind, name: record.name, platform: record.platform, savedAt: record.savedAt} : undefined;
	}

	inFlightJobs(): Array<InFlightJob & {planKey: string}> {
		return this.jobs.all().flatMap(record => record.jobId ? [{jobId: record.jobId, kind: record.kind, name: record.name, platform: record.platform, savedAt: record.savedAt, planKey: record.planKey}] : []);
	}

	forgetJob(planKey: string) {
		this.jobs.forget(planKey);
	}

	/** The file's settings ({} when there is no file), or what is wrong with it. */
	#parse(): Stored | {problem: string} {
		let text: string;
		try {
			text = readFileSync(this.path, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				return {};
			}

			throw this.#unusable('cannot be read', error);
		}

		return parseSettings(text);
	}

	/** The settings, once they are known to be readable: a damaged file is named, with the way out. */
	#read(): Stored {
		const read = this.#parse();
		if ('problem' in read) {
			throw this.#damaged(read.problem);
		}

		return read;
	}

	/**
	 * Changes the settings through conf (atomic write, mode 0600). conf reads the file first, with
	 * the same check as the reads: a damaged file fails the change instead of being overwritten unseen.
	 */
	async #write<T>(change: (conf: Conf<Stored>) => T): Promise<T> {
		const {default: Conf} = await import('conf');
		try {
			return change(new Conf<Stored>({
				cwd: path.dirname(this.path),
				configFileMode: 0o600,
				deserialize: text => {
					const read = parseSettings(text);
					if ('problem' in read) {
						throw this.#damaged(read.problem);
					}

					return read;
				},
			}));
		} catch (error) {
			// The file system's refusals (EACCES, EROFS, ENOSPC...) are the user's to fix; anything else is a bug.
			throw error instanceof Error && 'syscall' in error ? this.#unusable('could not be written', error) : error;
		}
	}

	#damaged(problem: string): UserError {
		return new UserError(`the settings file ${this.path} ${problem} (damaged or edited by hand)`, {
			hint: `Move it aside and log in again: rescale-apptainer logout (it moves the file to ${path.basename(this.path)}.broken-<date> and keeps it for you), then rescale-apptainer login.`,
			exitCode: 1,
		});
	}

	#unusable(what: string, error: unknown): UserError {
		return new UserError(`the settings file ${this.path} ${what} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {
			hint: `It and its folder should belong to you (ls -l ${path.dirname(this.path)}); or point RESCALE_APPTAINER_CONFIG_DIR at a folder you can write.`,
			exitCode: 1,
			cause: error,
		});
	}
}
