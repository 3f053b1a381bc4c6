import {createReadStream, createWriteStream, mkdtempSync, rmSync, statSync} from 'node:fs';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pipeline} from 'node:stream/promises';
import {randomBytes} from 'node:crypto';
import busboy from 'busboy';
import {analyses, coretypes, sandboxUser} from './catalog.js';
import {SimulatedClock, isoSeconds} from './clock.js';
import {FaultInjector, parseFaultSpec, type FaultKind, type FaultPlan} from './faults.js';
import {SandboxStore, type JobAnalysis, type StoredFile, type StoredJob} from './store.js';

export type SandboxOptions = {
	port?: number;
	host?: string;
	/** Simulated seconds per real second (default 5). */
	speed?: number;
	/** A fault spec (`429=0.1,reset=0.02,seed=7`) or a parsed plan. */
	faults?: string | FaultPlan;
	/** Folder that keeps files and jobs across restarts; a temporary one when absent. */
	stateDir?: string;
	apiKey?: string;
};

export type Sandbox = {
	url: string;
	apiKey: string;
	store: SandboxStore;
	/** Fails the next `times` requests that way (tests and support repros). */
	injectFault: (kind: FaultKind, times?: number) => void;
	stop: () => Promise<void>;
};

type Context = {
	request: IncomingMessage;
	response: ServerResponse;
	url: URL;
	params: string[];
	base: string;
};

type Handler = (context: Context) => Promise<void> | void;

class HttpError extends Error {
	constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {
		super(typeof body === 'object' && body && 'detail' in body ? String(body.detail) : `HTTP ${status}`);
	}
}

const notFound = () => new HttpError(404, {detail: 'Not found.'});

/** Starts a sandbox on a free loopback port (or the one asked for) and returns where it listens. */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const apiKey = options.apiKey ?? `sandbox-${randomBytes(20).toString('hex')}`;
	const clock = new SimulatedClock(options.speed ?? 5);
	const temporary = options.stateDir === undefined ? mkdtempSync(path.join(tmpdir(), 'rescale-sandbox-')) : undefined;
	const store = new SandboxStore(options.stateDir ?? temporary!, clock, options.stateDir !== undefined);
	const faults = new FaultInjector(typeof options.faults === 'string' ? parseFaultSpec(options.faults) : options.faults);
	const routes = defineRoutes(store, clock);
	const server = createServer((request, response) => {
		void handle(request, response, {apiKey, routes, faults}).catch(() => {
			if (!response.headersSent) {
				send(response, 500, {detail: 'Internal server error.'});
			}
		});
	});
	const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
	return {
		url: `http://${address.address}:${address.port}`,
		apiKey,
		store,
		injectFault(kind, times) {
			faults.force(kind, times);
		},
		async stop() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => resolve());
			});
			if (temporary) {
				rmSync(temporary, {recursive: true, force: true});
			}
		},
	};
}

async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	return server.address() as AddressInfo;
}

type Route = {method: string; pattern: RegExp; handler: Handler};

async function handle(request: IncomingMessage, response: ServerResponse, {apiKey, routes, faults}: {apiKey: string; routes: Route[]; faults: FaultInjector}) {
	const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
	const context: Context = {request, response, url, params: [], base: `http://${request.headers.host ?? 'localhost'}`};
	try {
		authenticate(request, apiKey);
		const fault = faults.next();
		if (fault === 'slow') {
			await new Promise(resolve => setTimeout(resolve, 1000 + Math.random() * 1000));
		} else if (fault === 'reset' && request.method === 'GET') {
			request.socket.destroy();
			return;
		} else if (fault === '429') {
			throw new HttpError(429, {detail: 'Request was throttled. Expected available in 1 second.'}, {'Retry-After': '1'});
		} else if (fault && fault !== 'reset') {
			throw new HttpError(Number(fault), {detail: `Simulated ${fault} from the sandbox's fault injection.`});
		}

		const route = routes.find(candidate => candidate.method === request.method && candidate.pattern.test(url.pathname));
		if (!route) {
			throw routes.some(candidate => candidate.pattern.test(url.pathname)) ? new HttpError(405, {detail: `Method "${request.method}" not allowed.`}) : notFound();
		}

		context.params = route.pattern.exec(url.pathname)!.slice(1);
		if (fault === 'reset') {
			// The request takes effect, then the answer is lost: the ambiguous failure clients must survive.
			lostAnswers.add(response);
		}

		await route.handler(context);
	} catch (error) {
		if (error instanceof HttpError) {
			send(response, error.status, error.body, error.headers);
			return;
		}

		throw error;
	}
}

function authenticate(request: IncomingMessage, apiKey: string) {
	const header = request.headers.authorization;
	if (!header) {
		throw new HttpError(401, {detail: 'Authentication credentials were not provided.'});
	}

	if (header !== `Token ${apiKey}`) {
		throw new HttpError(401, {detail: 'Invalid token.'});
	}
}

/** Responses whose answer a `reset` fault drops after the request has taken effect. */
const lostAnswers = new WeakSet<ServerResponse>();

function send(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
	if (lostAnswers.has(response)) {
		response.socket?.destroy();
		return;
	}

	if (response.headersSent) {
		return;
	}

	if (body === undefined) {
		response.writeHead(status, headers).end();
		return;
	}

	const text = JSON.stringify(body);
	response.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers}).end(text);
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > 1024 * 1024) {
			throw new HttpError(413, {detail: 'Request body too large.'});
		}

		chunks.push(chunk as Buffer);
	}

	const text = Buffer.concat(chunks).toString('utf8');
	if (text.trim() === '') {
		return {};
	}

	try {
		const value = JSON.parse(text) as unknown;
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			throw new HttpError(400, {non_field_errors: ['Invalid data. Expected a dictionary.']});
		}

		return value as Record<string, unknown>;
	} catch (error) {
		if (error instanceof HttpError) {
			throw error;
		}

		throw new HttpError(400, {detail: `JSON parse error - ${(error as Error).message}`});
	}
}

/** DRF-style page: `{count, next, previous, results}` with absolute `next`/`previous` URLs. */
function paginate<T>(context: Context, items: T[]): {count: number; next: string | null; previous: string | null; results: T[]} {
	const pageSize = Math.min(1000, Math.max(1, Number(context.url.searchParams.get('page_size') ?? 25) || 25));
	const page = Number(context.url.searchParams.get('page') ?? 1);
	const pages = Math.max(1, Math.ceil(items.length / pageSize));
	if (!Number.isInteger(page) || page < 1 || page > pages) {
		throw new HttpError(404, {detail: 'Invalid page.'});
	}

	const link = (target: number) => {
		const url = new URL(context.url.pathname + context.url.search, context.base);
		url.searchParams.set('page', String(target));
		url.searchParams.set('page_size', String(pageSize));
		return url.toString();
	};

	return {
		count: items.length,
		next: page < pages ? link(page + 1) : null,
		previous: page > 1 ? link(page - 1) : null,
		results: items.slice((page - 1) * pageSize, page * pageSize),
	};
}

function defineRoutes(store: SandboxStore, clock: SimulatedClock): Route[] {
	const route = (method: string, pattern: string, handler: Handler): Route => ({
		method,
		pattern: new RegExp(`^${pattern.replaceAll('{id}', '([\\w-]+)').replaceAll('{path}', '(.+)')}$`),
		handler,
	});
	const fileOr404 = (id: string) => store.files.get(id) ?? (() => {
		throw notFound();
	})();
	const jobOr404 = (id: string) => {
		const job = store.jobs.get(id);
		if (!job) {
			throw notFound();
		}

		store.advance(job);
		return job;
	};

	const fileJson = (context: Context, file: StoredFile) => ({
		id: file.id,
		name: file.name,
		typeId: file.typeId,
		isUploaded: true,
		decryptedSize: file.jobId ? liveSize(file) : file.decryptedSize,
		dateUploaded: file.dateUploaded,
		owner: sandboxUser.email,
		...(file.relativePath ? {relativePath: file.relativePath} : {}),
		downloadUrl: `${context.base}/api/v2/files/${file.id}/contents/`,
	});
	const liveLog = (file: StoredFile): StoredJob | undefined => {
		const job = file.jobId ? store.jobs.get(file.jobId) : undefined;
		return job && file.relativePath === 'process_output.log' && job.statuses.at(-1)?.status !== 'Completed' ? job : undefined;
	};

	const liveSize = (file: StoredFile) => {
		const job = liveLog(file);
		return job ? Buffer.byteLength(store.logText(job)) : file.decryptedSize;
	};

	const jobJson = (job: StoredJob) => ({
		id: job.id,
		name: job.name,
		description: job.description,
		projectId: job.projectId,
		isLowPriority: job.isLowPriority,
		jobanalyses: job.jobanalyses,
		dateInserted: job.dateInserted,
		jobStatus: job.statuses.at(-1) ?? null,
		owner: sandboxUser.email,
	});
	const newestFirst = <T extends {statusDate: string}>(entries: T[]) => [...entries].reverse();

	return [
		route('GET', '/api/v2/users/me/', context => {
			send(context.response, 200, sandboxUser);
		}),
		route('GET', '/api/v2/users/me/projects/', context => {
			send(context.response, 200, paginate(context, [{id: 'sandboxProject', name: 'Sandbox project'}]));
		}),
		route('GET', '/api/v2/coretypes/', context => {
			send(context.response, 200, paginate(context, coretypes.map(({gpuModel, ...coretype}) => ({
				...coretype,
				...(gpuModel ? {processorInfo: `${coretype.processorInfo}, ${gpuModel}`} : {}),
			}))));
		}),
		route('GET', '/api/v2/billing/computeprices/', context => {
			send(context.response, 200, coretypes.flatMap(coretype => [
				{coreType: coretype.code, planType: 'on-demand', os: 'linux', isActive: true, value: {amount: coretype.price.toFixed(4)}},
				{coreType: coretype.code, planType: 'low-priority', os: 'linux', isActive: true, value: {amount: coretype.lowPriorityPrice}},
			]));
		}),
		route('GET', '/api/v2/analyses/', context => {
			send(context.response, 200, paginate(context, analyses));
		}),
		route('POST', '/api/v2/files/contents/', async context => {
			const file = await receiveUpload(context, store);
			send(context.response, 201, fileJson(context, file));
		}),
		route('GET', '/api/v2/files/', context => {
			const search = context.url.searchParams.get('search')?.toLowerCase();
			const files = [...store.files.values()].filter(file => !search || file.name.toLowerCase().includes(search)).reverse();
			send(context.response, 200, paginate(context, files.map(file => fileJson(context, file))));
		}),
		route('GET', '/api/v2/files/{id}/', context => {
			send(context.response, 200, fileJson(context, fileOr404(context.params[0]!)));
		}),
		route('DELETE', '/api/v2/files/{id}/', context => {
			fileOr404(context.params[0]!);
			store.deleteFile(context.params[0]!);
			send(context.response, 204);
		}),
		route('GET', '/api/v2/files/{id}/contents/', async context => {
			const file = fileOr404(context.params[0]!);
			const job = liveLog(file);
			if (job) {
				const text = store.logText(job);
				context.response.writeHead(200, {'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text)}).end(text);
				return;
			}

			await sendFile(context, store.blobPath(file.id), file.name);
		}),
		route('GET', '/api/v2/files/{id}/lines/', async context => {
			const file = fileOr404(context.params[0]!);
			const job = liveLog(file);
			const text = job ? store.logText(job) : await readText(store.blobPath(file.id));
			send(context.response, 200, {lines: text.match(/[^\n]*\n|[^\n]+$/g) ?? []});
		}),
		route('POST', '/api/v2/jobs/', async context => {
			const job = createJob(await readJson(context.request), store, clock);
			store.addJob(job);
			send(context.response, 201, jobJson(job));
		}),
		route('GET', '/api/v2/jobs/', context => {
			const state = context.url.searchParams.get('state');
			const status = context.url.searchParams.get('job_status');
			const jobs = [...store.jobs.values()].reverse().filter(job => {
				store.advance(job);
				const latest = job.statuses.at(-1)?.status;
				const completed = latest === 'Completed';
				return (state !== 'completed' || completed) && (state !== 'not_completed' || !completed)
					&& (!status || latest?.toUpperCase().replaceAll(' ', '_') === status.toUpperCase());
			});
			send(context.response, 200, paginate(context, jobs.map(job => jobJson(job))));
		}),
		route('GET', '/api/v2/jobs/{id}/', context => {
			send(context.response, 200, jobJson(jobOr404(context.params[0]!)));
		}),
		route('PATCH', '/api/v2/jobs/{id}/', async context => {
			const job = jobOr404(context.params[0]!);
			const patch = await readJson(context.request);
			if (job.submittedAt === undefined) {
				Object.assign(job, createJob({...jobJson(job), ...patch}, store, clock), {id: job.id, dateInserted: job.dateInserted});
				store.addJob(job);
			}

			send(context.response, 200, jobJson(job));
		}),
		route('POST', '/api/v2/jobs/{id}/submit/', context => {
			store.submit(jobOr404(context.params[0]!));
			send(context.response, 200);
		}),
		route('POST', '/api/v2/jobs/{id}/stop/', context => {
			store.stop(jobOr404(context.params[0]!));
			send(context.response, 202);
		}),
		route('DELETE', '/api/v2/jobs/{id}/', context => {
			const job = jobOr404(context.params[0]!);
			if (!store.isClusterStopped(job)) {
				throw new HttpError(400, {detail: 'The job cannot be deleted until its cluster has stopped.'});
			}

			store.deleteJob(job, context.url.searchParams.get('deleteInputFiles') === 'true');
			send(context.response, 204);
		}),
		route('GET', '/api/v2/jobs/{id}/statuses/', context => {
			send(context.response, 200, paginate(context, newestFirst(jobOr404(context.params[0]!).statuses)));
		}),
		route('GET', '/api/v2/jobs/{id}/cluster_statuses/', context => {
			const job = jobOr404(context.params[0]!);
			if (job.clusterStatuses.length === 0) {
				throw new HttpError(404, {detail: 'No cluster exists for this job yet.'});
			}

			send(context.response, 200, paginate(context, newestFirst(job.clusterStatuses)));
		}),
		route('GET', '/api/v2/jobs/{id}/runs/', context => {
			const job = jobOr404(context.params[0]!);
			const started = job.statuses.find(status => status.status === 'Executing');
			const completed = job.statuses.find(status => status.status === 'Completed');
			send(context.response, 200, paginate(context, started ? [{id: '1', dateStarted: started.statusDate, dateCompleted: completed?.statusDate ?? null}] : []));
		}),
		route('GET', '/api/v2/jobs/{id}/runs/{id}/tail/{path}', context => {
			const job = jobOr404(context.params[0]!);
			if (context.params[1] !== '1' || job.statuses.at(-1)?.status !== 'Executing' || context.params[2] !== 'process_output.log') {
				throw new HttpError(404, {detail: 'The file can only be tailed while the run is executing.'});
			}

			const count = Math.max(1, Number(context.url.searchParams.get('lines') ?? 100) || 100);
			send(context.response, 200, {fileType: 'text', lines: job.log.slice(-count).map(line => `${line}\n`)});
		}),
		route('GET', '/api/v2/jobs/{id}/files/', context => {
			const job = jobOr404(context.params[0]!);
			const search = context.url.searchParams.get('search')?.toLowerCase();
			const files = job.outputIds
				.map(id => store.files.get(id))
				.filter((file): file is StoredFile => file !== undefined && (!search || file.name.toLowerCase().includes(search)));
			send(context.response, 200, paginate(context, files.map(file => fileJson(context, file))));
		}),
		route('GET', '/api/v3/file-folders/', context => {
			send(context.response, 200, [...store.folders.values()].map(({id, name, parentId}) => ({id, name, parentId})));
		}),
		route('POST', '/api/v3/file-folders/', async context => {
			const body = await readJson(context.request);
			const name = typeof body.name === 'string' ? body.name.trim() : '';
			if (name === '') {
				throw new HttpError(400, {name: ['This field is required.']});
			}

			if ([...store.folders.values()].some(folder => folder.name === name)) {
				throw new HttpError(400, {name: ['A folder with this name already exists.']});
			}

			const folder = store.addFolder(name, typeof body.parentId === 'string' ? body.parentId : null);
			send(context.response, 201, {id: folder.id, name: folder.name, parentId: folder.parentId});
		}),
		route('POST', '/api/v3/file-folders/{id}/files/', async context => {
			const folder = store.folders.get(context.params[0]!);
			if (!folder) {
				throw notFound();
			}

			store.addToFolder(folder, idsFrom(await readJson(context.request), store));
			send(context.response, 204);
		}),
		route('POST', '/api/v3/files/bulk/type-change/', async context => {
			const body = await readJson(context.request);
			const type = Number(body.type);
			if (![1, 2, 3, 4, 5, 8, 10, 11, 12].includes(type)) {
				throw new HttpError(400, {type: [`"${String(body.type)}" is not a valid choice.`]});
			}

			store.changeFileType(idsFrom(body, store), type);

			send(context.response, 204);
		}),
	];
}

function idsFrom(body: Record<string, unknown>, store: SandboxStore): string[] {
	const ids = body.ids;
	if (!Array.isArray(ids) || ids.length === 0 || !ids.every(id => typeof id === 'string')) {
		throw new HttpError(400, {ids: ['A non-empty list of file ids is required.']});
	}

	const missing = ids.filter(id => !store.files.has(id));
	if (missing.length > 0) {
		throw new HttpError(400, {ids: [`Unknown file id(s): ${missing.join(', ')}`]});
	}

	return ids;
}

async function receiveUpload(context: Context, store: SandboxStore): Promise<StoredFile> {
	if (!context.request.headers['content-type']?.startsWith('multipart/form-data')) {
		throw new HttpError(400, {file: ['Upload the file as multipart/form-data in the field "file".']});
	}

	const id = store.newId();
	const target = store.blobPath(id);
	let name: string | undefined;
	let size = 0;
	const writes: Array<Promise<void>> = [];
	await new Promise<void>((resolve, reject) => {
		const parser = busboy({headers: context.request.headers});
		parser.on('file', (field, stream, info) => {
			if (field !== 'file' || name !== undefined) {
				stream.resume();
				return;
			}

			name = path.basename(info.filename || 'upload');
			stream.on('data', (chunk: Buffer) => {
				size += chunk.length;
			});
			writes.push(pipeline(stream, createWriteStream(target)));
		});
		parser.on('close', resolve);
		parser.on('error', reject);
		context.request.on('aborted', () => {
			reject(new HttpError(400, {detail: 'The upload was interrupted.'}));
		});
		context.request.pipe(parser);
	}).catch(error => {
		rmSync(target, {force: true});
		throw error instanceof HttpError ? error : new HttpError(400, {file: [`The upload could not be read: ${(error as Error).message}`]});
	});
	await Promise.all(writes);
	if (name === undefined) {
		throw new HttpError(400, {file: ['No file was submitted.']});
	}

	return store.addFile({id, name, typeId: 1, decryptedSize: size});
}

async function sendFile(context: Context, file: string, name: string) {
	const size = statSync(file).size;
	const range = /^bytes=(\d*)-(\d*)$/.exec(context.request.headers.range ?? '');
	let start = 0;
	let end = size - 1;
	if (range && (range[1] !== '' || range[2] !== '')) {
		start = range[1] === '' ? Math.max(0, size - Number(range[2])) : Number(range[1]);
		end = range[1] !== '' && range[2] !== '' ? Math.min(Number(range[2]), size - 1) : size - 1;
		if (start > end || start >= size) {
			context.response.writeHead(416, {'Content-Range': `bytes */${size}`}).end();
			return;
		}
	}

	const partial = range !== null && (start !== 0 || end !== size - 1);
	context.response.writeHead(partial ? 206 : 200, {
		'Content-Type': 'application/octet-stream',
		'Content-Length': size === 0 ? 0 : end - start + 1,
		'Content-Disposition': `attachment; filename="${name.replaceAll('"', '')}"`,
		'Accept-Ranges': 'bytes',
		...(partial ? {'Content-Range': `bytes ${start}-${end}/${size}`} : {}),
	});
	if (size === 0) {
		context.response.end();
		return;
	}

	await pipeline(createReadStream(file, {start, end}), context.response);
}

async function readText(file: string): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of createReadStream(file)) {
		chunks.push(chunk as Buffer);
	}

	return Buffer.concat(chunks).toString('utf8');
}

/** Validates a job the way the platform does: 400 with field errors, nested for analyses. */
function createJob(body: Record<string, unknown>, store: SandboxStore, clock: SimulatedClock): StoredJob {
	const errors: Record<string, unknown> = {};
	const name = typeof body.name === 'string' ? body.name.trim() : '';
	if (name === '') {
		errors.name = ['This field is required.'];
	}

	const analysesIn = Array.isArray(body.jobanalyses) ? body.jobanalyses as Array<Record<string, any>> : [];
	if (analysesIn.length === 0) {
		errors.jobanalyses = ['A job needs at least one analysis.'];
	}

	const analysisErrors = analysesIn.map(analysis => analysisProblems(analysis, store));
	if (analysisErrors.some(problems => Object.keys(problems).length > 0)) {
		errors.jobanalyses = analysisErrors;
	}

	if (Object.keys(errors).length > 0) {
		throw new HttpError(400, errors);
	}

	return {
		id: store.newId(),
		name,
		description: typeof body.description === 'string' ? body.description : '',
		projectId: typeof body.projectId === 'string' ? body.projectId : null,
		isLowPriority: body.isLowPriority === true,
		jobanalyses: analysesIn.map(analysis => ({
			analysis: {code: analysis.analysis.code, version: analysis.analysis.version},
			command: analysis.command,
			hardware: {type: 'compute', slots: 1, ...analysis.hardware},
			inputFiles: (analysis.inputFiles ?? []).map((input: {id: string; decompress?: boolean}) => ({id: input.id, ...(input.decompress === undefined ? {} : {decompress: input.decompress})})),
			...(analysis.envVars ? {envVars: analysis.envVars} : {}),
		}) as JobAnalysis),
		dateInserted: isoSeconds(clock.now()),
		applied: 0,
		statuses: [],
		clusterStatuses: [],
		log: [],
		outputIds: [],
	};
}

function analysisProblems(analysis: Record<string, any>, store: SandboxStore): Record<string, unknown> {
	const problems: Record<string, Record<string, string[]> | string[]> = {};
	const known = analyses.find(candidate => candidate.code === analysis?.analysis?.code);
	if (!known) {
		problems.analysis = {code: [`"${String(analysis?.analysis?.code)}" is not a known analysis.`]};
	} else if (!known.versions.some(version => version.versionCode === analysis.analysis.version)) {
		problems.analysis = {version: ['The specified version is not available.']};
	}

	if (typeof analysis?.command !== 'string' || analysis.command.trim() === '') {
		problems.command = ['This field is required.'];
	}

	const hardware = analysis?.hardware ?? {};
	const coretype = coretypes.find(candidate => candidate.code === hardware.coreType);
	const hardwareProblems: Record<string, string[]> = {};
	if (!coretype) {
		hardwareProblems.coreType = [`"${String(hardware.coreType)}" is not a valid core type.`];
	} else if (!coretype.cores.includes(hardware.coresPerSlot)) {
		hardwareProblems.coresPerSlot = [`${coretype.name} offers ${coretype.cores.join(', ')} cores per slot; ${String(hardware.coresPerSlot)} is not one of them.`];
	}

	if (typeof hardware.walltime !== 'number' || hardware.walltime <= 0 || hardware.walltime > sandboxUser.maxJobHours) {
		hardwareProblems.walltime = [`The walltime is in hours: a number from 1 to ${sandboxUser.maxJobHours}.`];
	}

	if (Object.keys(hardwareProblems).length > 0) {
		problems.hardware = hardwareProblems;
	}

	const missing = (Array.isArray(analysis?.inputFiles) ? analysis.inputFiles : []).filter((input: {id?: string}) => typeof input?.id !== 'string' || !store.files.has(input.id));
	if (missing.length > 0) {
		problems.inputFiles = [`Unknown file id(s): ${missing.map((input: {id?: string}) => String(input?.id)).join(', ')}`];
	}

	return problems;
}
