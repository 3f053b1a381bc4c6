import {randomBytes} from 'node:crypto';
import {mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {lock} from 'proper-lockfile';
import {writeSif} from '../apptainer/sif.js';
import {isoDate, isoSeconds} from './clock.js';
import {jobEnd, planJob, type JobPlan, type PlannedOutput} from './simulation.js';

export type StoredFile = {
	id: string;
	name: string;
	typeId: number;
	decryptedSize: number;
	dateUploaded: string;
	/** For a job's output files: the job and the path inside its work folder. */
	jobId?: string;
	relativePath?: string;
};

export type StatusEntry = {status: string; statusDate: string; statusReason: string};

export type JobAnalysis = {
	analysis: {code: string; version: string};
	command: string;
	hardware: {coreType: string; coresPerSlot: number; slots: number; walltime: number; type?: string};
	inputFiles: Array<{id: string; decompress?: boolean}>;
	envVars?: Record<string, string>;
};

export type StoredJob = {
	id: string;
	name: string;
	description: string;
	projectId: string | null;
	isLowPriority: boolean;
	jobanalyses: JobAnalysis[];
	dateInserted: string;
	/** Wall-clock milliseconds of the submit. */
	submittedAt?: number;
	/** Simulated seconds per real second the plan plays at (the submitting sandbox's --speed). */
	speed?: number;
	plan?: JobPlan;
	/** How many plan events have happened. */
	applied: number;
	statuses: StatusEntry[];
	clusterStatuses: StatusEntry[];
	log: string[];
	outputIds: string[];
};

export type Folder = {id: string; name: string; parentId: string | null; fileIds: string[]};

type Snapshot = {files: StoredFile[]; jobs: StoredJob[]; folders: Folder[]};

const idAlphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The sandbox's files, jobs and folders. File contents live on disk under `directory`; with a
 * state folder the metadata is saved there too, so a restarted sandbox keeps everything.
 */
export class SandboxStore {
	readonly files = new Map<string, StoredFile>();
	readonly jobs = new Map<string, StoredJob>();
	readonly folders = new Map<string, Folder>();
	private readonly blobs: string;
	/** The state file as last read or written here; another process changed it when this differs. */
	private seen = '';
	private queue: Promise<unknown> = Promise.resolve();

	/** `speed`: simulated seconds per real second for the jobs submitted here. */
	constructor(readonly directory: string, private readonly speed: number, private readonly persistent: boolean) {
		this.blobs = path.join(directory, 'files');
		mkdirSync(this.blobs, {recursive: true});
		if (persistent) {
			this.load();
		}
	}

	/**
	 * Runs one request's work on the current state. A persistent state folder may be shared by
	 * several processes (two `--sandbox` commands in one folder): the work runs under a lock on
	 * the folder (proper-lockfile; a killed holder goes stale in seconds), after re-reading what
	 * another process saved, so neither loses the other's files or jobs.
	 */
	async transaction<T>(work: () => Promise<T>): Promise<T> {
		if (!this.persistent) {
			return work();
		}

		const run = this.queue.then(async () => {
			const release = await lock(this.directory, {lockfilePath: path.join(this.directory, 'state.lock'), stale: 4000, retries: {retries: 400, minTimeout: 5, maxTimeout: 50}});
			try {
				if (this.stamp() !== this.seen) {
					this.load();
				}

				return await work();
			} finally {
				await release();
			}
		});
		this.queue = run.catch(() => undefined);
		return run;
	}

	newId(): string {
		let id: string;
		do {
			id = [...randomBytes(6)].map(byte => idAlphabet[byte % idAlphabet.length]).join('');
		} while (this.files.has(id) || this.jobs.has(id) || this.folders.has(id));

		return id;
	}

	blobPath(id: string): string {
		return path.join(this.blobs, id);
	}

	addFile(fields: Omit<StoredFile, 'dateUploaded'>): StoredFile {
		const file = {...fields, dateUploaded: isoDate(Date.now())};
		this.files.set(file.id, file);
		this.save();
		return file;
	}

	deleteFile(id: string) {
		this.files.delete(id);
		rmSync(this.blobPath(id), {force: true});
		for (const folder of this.folders.values()) {
			folder.fileIds = folder.fileIds.filter(fileId => fileId !== id);
		}

		this.save();
	}

	addJob(job: StoredJob) {
		this.jobs.set(job.id, job);
		this.save();
	}

	/** Plans the job's run on its node; a job already submitted stays as it is. */
	submit(job: StoredJob, node: {gpus: number; gpuModel?: string; nvidiaSmi?: string; sudo: boolean}) {
		if (job.submittedAt !== undefined) {
			return;
		}

		const [analysis] = job.jobanalyses;
		job.submittedAt = Date.now();
		job.speed = this.speed;
		job.plan = planJob({
			command: analysis?.command ?? '',
			coretype: {code: analysis?.hardware.coreType ?? '', gpus: node.gpus, gpuModel: node.gpuModel, nvidiaSmi: node.nvidiaSmi},
			node: {sudo: node.sudo},
			jobId: job.id,
			files: (analysis?.inputFiles ?? []).flatMap(({id}) => {
				const file = this.files.get(id);
				return file ? [{name: file.name, read: () => readFileSync(this.blobPath(id), 'utf8'), path: this.blobPath(id)}] : [];
			}),
		});
		this.advance(job);
	}

	/**
	 * Replays the job's plan up to now: statuses, cluster statuses, log lines, outputs. An event
	 * is dated with the wall-clock moment it happened at the job's speed, so no date is ahead of
	 * the answer that carries it.
	 */
	advance(job: StoredJob) {
		if (!job.plan || job.submittedAt === undefined) {
			return;
		}

		const now = Date.now();
		let changed = false;
		while (job.applied < job.plan.events.length) {
			const event = job.plan.events[job.applied]!;
			const at = this.wallTime(job, event.at);
			if (at > now) {
				break;
			}

			if ('job' in event) {
				job.statuses.push({status: event.job, statusDate: isoDate(at), statusReason: event.reason ?? ''});
				if (event.job === 'Executing') {
					this.openLog(job, at);
				} else if (event.job === 'Completed') {
					this.closeLog(job);
				}
			} else if ('cluster' in event) {
				job.clusterStatuses.push({status: event.cluster, statusDate: isoDate(at), statusReason: ''});
			} else if ('output' in event) {
				this.fileOutput(job, event.output, at);
			} else {
				job.log.push(`[${isoSeconds(at)}]: ${event.log}`);
			}

			job.applied++;
			changed = true;
		}

		if (changed) {
			this.save();
		}
	}

	/** A user stop: the rest of the plan is replaced by the platform's stop sequence. */
	stop(job: StoredJob) {
		this.advance(job);
		const status = job.statuses.at(-1)?.status;
		if (!job.plan || job.submittedAt === undefined || status === 'Completed' || status === 'Stopping') {
			return;
		}

		const offset = (Date.now() - job.submittedAt) * job.speed! / 1000;
		const clusterUp = job.clusterStatuses.length > 0;
		job.plan = {
			...job.plan,
			outputs: [],
			completedAt: offset + 5,
			events: [
				...job.plan.events.slice(0, job.applied),
				{at: offset, job: 'Stopping', reason: 'User Terminated'},
				{at: offset, log: 'Job stopped by user: terminating the process'},
				...jobEnd(offset + 5, 'User Terminated', 0, clusterUp),
			],
		};
		this.advance(job);
	}

	/** The platform deletes a submitted job only once its cluster has stopped. */
	isClusterStopped(job: StoredJob): boolean {
		return job.submittedAt === undefined || job.clusterStatuses.at(-1)?.status === 'Stopped';
	}

	logText(job: StoredJob): string {
		return job.log.map(line => `${line}\n`).join('');
	}

	deleteJob(job: StoredJob, deleteInputFiles: boolean) {
		this.jobs.delete(job.id);
		for (const id of job.outputIds) {
			this.deleteFile(id);
		}

		if (deleteInputFiles) {
			for (const {id} of job.jobanalyses.flatMap(analysis => analysis.inputFiles)) {
				this.deleteFile(id);
			}
		}

		this.save();
	}

	addFolder(name: string, parentId: string | null): Folder {
		const folder = {id: this.newId(), name, parentId, fileIds: []};
		this.folders.set(folder.id, folder);
		this.save();
		return folder;
	}

	addToFolder(folder: Folder, ids: string[]) {
		folder.fileIds = [...new Set([...folder.fileIds, ...ids])];
		this.save();
	}

	changeFileType(ids: string[], typeId: number) {
		for (const id of ids) {
			const file = this.files.get(id);
			if (file) {
				file.typeId = typeId;
			}
		}

		this.save();
	}

	/** Wall-clock milliseconds of the moment `seconds` simulated seconds after the job's submit. */
	private wallTime(job: StoredJob, seconds: number): number {
		return job.submittedAt! + (seconds * 1000 / job.speed!);
	}

	/** process_output.log is a job file from the moment the run starts; it grows until the end. */
	private openLog(job: StoredJob, at: number) {
		const id = this.newId();
		this.files.set(id, {id, name: 'process_output.log', typeId: 5, decryptedSize: 0, dateUploaded: isoDate(at), jobId: job.id, relativePath: 'process_output.log'});
		job.outputIds.push(id);
	}

	/** The run's log as it ended; it leaves the job's files until it is filed with the results. */
	private closeLog(job: StoredJob) {
		const log = this.logOf(job);
		if (log) {
			writeFileSync(this.blobPath(log.id), this.logText(job));
			log.decryptedSize = Buffer.byteLength(this.logText(job));
			job.outputIds = job.outputIds.filter(id => id !== log.id);
		}
	}

	/** Files one of the job's results (`log`: the finished log, when the run started) at `at`. */
	private fileOutput(job: StoredJob, which: number | 'log', at: number) {
		if (which === 'log') {
			const log = this.logOf(job);
			if (log) {
				log.dateUploaded = isoDate(at);
				job.outputIds.push(log.id);
			}

			return;
		}

		const output = job.plan!.outputs[which]!;
		const id = this.newId();
		const content = output.kind === 'text' ? Buffer.from(output.text) : sifContent(output, at);
		writeFileSync(this.blobPath(id), content);
		this.files.set(id, {id, name: output.relativePath.split('/').at(-1)!, typeId: 5, decryptedSize: content.length, dateUploaded: isoDate(at), jobId: job.id, relativePath: output.relativePath});
		job.outputIds.push(id);
	}

	private logOf(job: StoredJob): StoredFile | undefined {
		return [...this.files.values()].find(file => file.jobId === job.id && file.relativePath === 'process_output.log');
	}

	private save() {
		if (!this.persistent) {
			return;
		}

		const snapshot: Snapshot = {files: [...this.files.values()], jobs: [...this.jobs.values()], folders: [...this.folders.values()]};
		const file = path.join(this.directory, 'state.json');
		writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
		renameSync(`${file}.tmp`, file);
		this.seen = this.stamp();
	}

	private stamp(): string {
		try {
			const {mtimeMs, size, ino} = statSync(path.join(this.directory, 'state.json'));
			return `${ino}:${mtimeMs}:${size}`;
		} catch {
			return '';
		}
	}

	private load() {
		let snapshot: Snapshot;
		try {
			snapshot = JSON.parse(readFileSync(path.join(this.directory, 'state.json'), 'utf8')) as Snapshot;
		} catch {
			return;
		}

		this.seen = this.stamp();
		this.files.clear();
		this.jobs.clear();
		this.folders.clear();
		for (const file of snapshot.files) {
			this.files.set(file.id, file);
		}

		for (const job of snapshot.jobs) {
			if (job.submittedAt !== undefined && job.speed === undefined) {
				// Saved by a sandbox whose clock ran ahead of the wall clock: the job plays on from now.
				job.submittedAt = Math.min(job.submittedAt, Date.now());
				job.speed = this.speed;
			}

			fileAfterCompleted(job);
			this.jobs.set(job.id, job);
		}

		for (const folder of snapshot.folders) {
			this.folders.set(folder.id, folder);
		}
	}
}

/**
 * A job saved before its outputs were filed after `Completed` (its plan has no `output` events) and
 * not completed yet: its end is planned anew, so its log and results are still filed.
 */
function fileAfterCompleted(job: StoredJob) {
	const events = job.plan?.events ?? [];
	const completed = events.findIndex(event => 'job' in event && event.job === 'Completed');
	if (completed < job.applied || events.some(event => 'output' in event)) {
		return;
	}

	const end = events[completed] as {at: number; reason?: string};
	const clusterUp = events.some(event => 'cluster' in event);
	job.plan!.events = [...events.slice(0, completed), ...jobEnd(end.at, end.reason ?? '', job.plan!.outputs.length, clusterUp)];
}

function sifContent(output: Extract<PlannedOutput, {kind: 'sif'}>, at: number): Buffer {
	return writeSif([
		{type: 'deffile', data: Buffer.from(output.def)},
		{type: 'labels', data: Buffer.from(JSON.stringify(output.labels, undefined, '\t'))},
		{type: 'environment', data: Buffer.from(output.environment)},
		{type: 'partition', fsType: 4, partitionType: 2, data: Buffer.from(JSON.stringify({
			simulated: true,
			note: 'rescale-apptainer sandbox image: the real SIF structure with a placeholder root file system; apptainer cannot run it.',
			files: output.files,
		}))},
	], new Date(at));
}
