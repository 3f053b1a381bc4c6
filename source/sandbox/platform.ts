import type {Catalog} from './catalog.js';
import type {SandboxStore} from './store.js';

/** One sandbox as its routes and rules see it; two sandboxes never share any of it. */
export type Platform = {
	store: SandboxStore;
	catalog: Catalog;
	/** A workspace that refuses jobs without a project (contract, corrections: Projects). */
	requireProject: boolean;
	/** Build nodes without passwordless sudo: the build script falls back on fakeroot. */
	nodeWithoutSudo: boolean;
	/** How long the answer to a job creation is held after the job exists (tests of interrupted creates). */
	createJobDelayMs: number;
	/** How long the answer to an upload is held after the file is stored (tests of interrupted uploads). */
	uploadAnswerDelayMs: number;
};
