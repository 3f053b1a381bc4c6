import {Catalog, type CatalogApi} from './catalog.js';
import {Files, type FilesApi} from './files.js';
import {Folders, type FoldersApi} from './folders.js';
import {Jobs, type JobsApi} from './jobs.js';
import {Transport, type TransportOptions} from './transport.js';
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

	constructor(options: ClientOptions) {
		const transport = new Transport(options);
		this.baseUrl = transport.baseUrl;
		this.users = new Users(transport);
		this.catalog = new Catalog(transport);
		this.files = new Files(transport);
		this.jobs = new Jobs(transport);
		this.folders = new Folders(transport);
	}

	// The flat names the call sites still use; they move to the resources in the next commit.
	getUser(...args: Parameters<Users['me']>) { return this.users.me(...args); }
	listProjects() { return this.users.projects(); }
	listCoretypes() { return this.catalog.coretypes(); }
	listComputePrices() { return this.catalog.computePrices(); }
	listAnalyses() { return this.catalog.analyses(); }
	uploadFile(...args: Parameters<Files['upload']>) { return this.files.upload(...args); }
	downloadFile(...args: Parameters<Files['download']>) { return this.files.download(...args); }
	getFile(id: string) { return this.files.get(id); }
	listFiles(search?: string) { return this.files.list(search); }
	getFileLines(id: string) { return this.files.lines(id); }
	deleteFile(id: string) { return this.files.delete(id); }
	createJob(...args: Parameters<Jobs['create']>) { return this.jobs.create(...args); }
	getJob(id: string) { return this.jobs.get(id); }
	listJobs(...args: Parameters<Jobs['list']>) { return this.jobs.list(...args); }
	findJobsByName(name: string) { return this.jobs.findByName(name); }
	submitJob(...args: Parameters<Jobs['submit']>) { return this.jobs.submit(...args); }
	stopJob(id: string) { return this.jobs.stop(id); }
	deleteJob(...args: Parameters<Jobs['delete']>) { return this.jobs.delete(...args); }
	getJobStatuses(...args: Parameters<Jobs['statuses']>) { return this.jobs.statuses(...args); }
	getClusterStatuses(...args: Parameters<Jobs['clusterStatuses']>) { return this.jobs.clusterStatuses(...args); }
	tailRun(...args: Parameters<Jobs['tail']>) { return this.jobs.tail(...args); }
	listJobFiles(...args: Parameters<Jobs['files']>) { return this.jobs.files(...args); }
	listFolders() { return this.folders.list(); }
	ensureFolder(name: string) { return this.folders.ensure(name); }
	addFilesToFolder(...args: Parameters<Folders['addFiles']>) { return this.folders.addFiles(...args); }
	changeFileType(...args: Parameters<Folders['changeFileType']>) { return this.folders.changeFileType(...args); }
}
