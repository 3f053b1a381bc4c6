import {Catalog, type CatalogApi} from './catalog.js';
import {Files, type FilesApi} from './files.js';
import {Folders, type FoldersApi} from './folders.js';
import {Jobs, type JobsApi} from './jobs.js';
import {Transport, type RateLimit, type TransportOptions} from './transport.js';
import {Users, type UsersApi} from './users.js';

export type ClientOptions = TransportOptions;

/** The Rescale API by resource; a pipeline asks for the part it uses, e.g. `Pick<RescaleApi, 'jobs'>`. */
export type RescaleApi = {
	users: UsersApi;
	catalog: CatalogApi;
	files: FilesApi;
	jobs: JobsApi;
	folders: FoldersApi;
};

/**
 * The Rescale API of one platform and key, as the front ends construct it: the resources over one
 * transport, so they share its retries, its event observer and its redaction of the key.
 */
export class RescaleClient implements RescaleApi {
	readonly baseUrl: string;
	readonly users: Users;
	readonly catalog: Catalog;
	readonly files: Files;
	readonly jobs: Jobs;
	readonly folders: Folders;
	readonly #transport: Transport;

	constructor(options: ClientOptions) {
		const transport = new Transport(options);
		this.#transport = transport;
		this.baseUrl = transport.baseUrl;
		this.users = new Users(transport);
		this.catalog = new Catalog(transport);
		this.files = new Files(transport);
		this.jobs = new Jobs(transport);
		this.folders = new Folders(transport);
	}

	/** Ends the calls in flight and refuses new ones (the session is over). */
	close(): void {
		this.#transport.close();
	}

	/** The key's rate-limit headroom as the platform's last answer reported it, if it does. */
	get rateLimit(): RateLimit | undefined {
		return this.#transport.rateLimit;
	}
}
