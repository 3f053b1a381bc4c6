import {renameSync} from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import {UserError} from '../errors.js';
import {JobState} from './job-state.js';

/** A job whose id was saved the moment the platform returned it, so a restart can reattach. */
export type InFlightJob = {jobId: string; kind: 'build' | 'run'; name: string; platform: string; savedAt: string};

type Stored = {platform?: string; apiKey?: string; projects?: Record<string, string>};

/**
 * The user's settings: platform, API key and remembered projects, in a JSON file readable only by
 * the user (mode 0600); job records live beside it, one file per plan (JobState).
 * RESCALE_APPTAINER_CONFIG_DIR moves both (tests, several accounts).
 */
export class ConfigStore {
	readonly #conf: Conf<Stored>;
	readonly jobs: JobState;
	#corrupt = false;

	constructor(directory = process.env.RESCALE_APPTAINER_CONFIG_DIR) {
		this.#conf = new Conf<Stored>({
			projectName: 'rescale-apptainer',
			projectSuffix: '',
			configFileMode: 0o600,
			// A file that is not JSON reads as empty and is flagged, so it is never overwritten unseen.
			deserialize: text => {
				try {
					return JSON.parse(text) as Stored;
				} catch {
					this.#corrupt = true;
					return {};
				}
			},
			...(directory ? {cwd: directory} : {}),
		});
		this.jobs = new JobState(path.join(path.dirname(this.#conf.path), 'jobs'));
	}

	get path(): string {
		return this.#conf.path;
	}

	credentials(): {platform: string | undefined; apiKey: string | undefined} {
		return {platform: this.#read().get('platform'), apiKey: this.#read().get('apiKey')};
	}

	saveCredentials(platform: string, apiKey: string) {
		this.#read().set({platform, apiKey});
	}

	/** Forgets the key; returns whether there was one. A corrupt file is moved aside instead (see logout). */
	clearCredentials(): boolean {
		const had = this.#read().has('apiKey');
		this.#conf.delete('apiKey');
		this.#conf.delete('platform');
		return had;
	}

	/** Moves an unreadable settings file aside; returns where it went, or undefined when it was fine. */
	moveAsideIfCorrupt(): string | undefined {
		this.#conf.has('apiKey');
		if (!this.#corrupt) {
			return undefined;
		}

		const aside = `${this.path}.broken-${new Date().toISOString().replaceAll(/[:.]/g, '-')}`;
		renameSync(this.path, aside);
		this.#corrupt = false;
		return aside;
	}

	/** The project chosen for jobs on this platform (an id), if one was remembered. */
	project(platform: string): string | undefined {
		return this.#read().get('projects')?.[platform];
	}

	rememberProject(platform: string, projectId: string) {
		this.#read().set('projects', {...this.#conf.get('projects'), [platform]: projectId});
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

	/** The settings, once they are known to be readable: a corrupt file is named, with the way out. */
	#read(): Conf<Stored> {
		this.#conf.has('apiKey');
		if (this.#corrupt) {
			throw new UserError(`the settings file ${this.path} is not valid JSON (damaged or edited by hand)`, {
				hint: `Move it aside and log in again: rescale-apptainer logout (it moves the file to ${path.basename(this.path)}.broken-<date> and keeps it for you), then rescale-apptainer login.`,
				exitCode: 1,
			});
		}

		return this.#conf;
	}
}
