import Conf from 'conf';

/** A job whose id was saved the moment the platform returned it, so a restart can reattach. */
export type InFlightJob = {jobId: string; kind: 'build' | 'run'; name: string; platform: string; savedAt: string};

type Stored = {platform?: string; apiKey?: string; inFlight: Record<string, InFlightJob>; projects?: Record<string, string>};

/**
 * The user's settings: platform, API key and in-flight jobs, in a JSON file readable only by the
 * user (mode 0600). RESCALE_APPTAINER_CONFIG_DIR moves it (tests, several accounts).
 */
export class ConfigStore {
	readonly #conf: Conf<Stored>;

	constructor(directory = process.env.RESCALE_APPTAINER_CONFIG_DIR) {
		this.#conf = new Conf<Stored>({
			projectName: 'rescale-apptainer',
			projectSuffix: '',
			configFileMode: 0o600,
			defaults: {inFlight: {}},
			...(directory ? {cwd: directory} : {}),
		});
	}

	get path(): string {
		return this.#conf.path;
	}

	credentials(): {platform: string | undefined; apiKey: string | undefined} {
		return {platform: this.#conf.get('platform'), apiKey: this.#conf.get('apiKey')};
	}

	saveCredentials(platform: string, apiKey: string) {
		this.#conf.set({platform, apiKey});
	}

	/** Forgets the key; returns whether there was one. */
	clearCredentials(): boolean {
		const had = this.#conf.has('apiKey');
		this.#conf.delete('apiKey');
		this.#conf.delete('platform');
		return had;
	}

	/** The project chosen for jobs on this platform (an id), if one was remembered. */
	project(platform: string): string | undefined {
		return this.#conf.get('projects')?.[platform];
	}

	rememberProject(platform: string, projectId: string) {
		this.#conf.set('projects', {...this.#conf.get('projects'), [platform]: projectId});
	}

	rememberJob(planKey: string, job: Omit<InFlightJob, 'savedAt'>) {
		this.#conf.set(`inFlight.${planKey}`, {...job, savedAt: new Date().toISOString()});
	}

	inFlightJob(planKey: string): InFlightJob | undefined {
		return this.#conf.get('inFlight')[planKey];
	}

	inFlightJobs(): Array<InFlightJob & {planKey: string}> {
		return Object.entries(this.#conf.get('inFlight')).map(([planKey, job]) => ({...job, planKey}));
	}

	forgetJob(planKey: string) {
		const inFlight = {...this.#conf.get('inFlight')};
		delete inFlight[planKey];
		this.#conf.set('inFlight', inFlight);
	}
}
