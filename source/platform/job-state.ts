import {randomBytes} from 'node:crypto';
import {mkdirSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import {writeFileSync} from 'atomically';
import {UserError} from '../errors.js';

/** A file uploaded for a job, kept in the record until the job is known (or it is deleted). */
export type TrackedUpload = {id: string; name: string};

/**
 * An upload whose request has started but whose file id is not known yet. Written before the
 * request, so a kill -9 mid-upload leaves a trace the next run can settle: a file of this name and
 * size that appeared since `startedAt` may be the one it left. `host` and `pid` tell other commands
 * whether its uploader still lives (a live one's file must not be taken for a leftover).
 */
export type PendingUpload = {name: string; size: number; startedAt: string; host: string; pid: number};

/** A pending upload for this process, started now. */
export function pendingUpload(name: string, size: number): PendingUpload {
	return {name, size, startedAt: new Date().toISOString(), host: hostname(), pid: process.pid};
}

/** Whether the command that started the upload may still be running (another machine's always may). */
export function uploaderMayLive(pending: PendingUpload): boolean {
	if (pending.host !== hostname()) {
		return true;
	}

	try {
		process.kill(pending.pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code !== 'ESRCH';
	}
}

/**
 * What a command is doing on the platform for one plan. Written before the job is created, with a
 * `token` the job carries in its description, so a restart after a kill can find out whether the
 * job exists; `jobId` is set the moment the platform returns it.
 */
export type JobRecord = {
	kind: 'build' | 'run';
	name: string;
	platform: string;
	token: string;
	uploads: TrackedUpload[];
	/** The upload in flight, if any (see PendingUpload). */
	pending?: PendingUpload[];
	jobId?: string;
	savedAt: string;
};

/**
 * One file per plan (`<dir>/<planKey>.json`), each written whole through a temporary file and a
 * rename (the `atomically` library). Commands working on different plans never touch the same
 * file, so concurrent commands cannot lose each other's records; no lock is needed.
 */
export class JobState {
	constructor(readonly directory: string) {}

	/** Throws a UserError before anything is uploaded when the folder cannot be written. */
	checkWritable() {
		const probe = path.join(this.directory, `.probe-${process.pid}-${randomBytes(4).toString('hex')}`);
		try {
			mkdirSync(this.directory, {recursive: true, mode: 0o700});
			writeFileSync(probe, '', {mode: 0o600});
			rmSync(probe, {force: true});
		} catch (error) {
			throw new UserError(`cannot write the job records in ${this.directory} (${(error as NodeJS.ErrnoException).code ?? String(error)}); nothing was uploaded or created`, {
				hint: 'Without them a restart could not find the job again and would pay for a second one. Make the folder writable, or point RESCALE_APPTAINER_CONFIG_DIR at one that is.',
				exitCode: 1,
			});
		}
	}

	get(planKey: string): JobRecord | undefined {
		try {
			return JSON.parse(readFileSync(this.#file(planKey), 'utf8')) as JobRecord;
		} catch {
			return undefined;
		}
	}

	save(planKey: string, record: JobRecord) {
		mkdirSync(this.directory, {recursive: true, mode: 0o700});
		writeFileSync(this.#file(planKey), JSON.stringify(record, undefined, '\t'), {mode: 0o600});
	}

	forget(planKey: string) {
		rmSync(this.#file(planKey), {force: true});
	}

	all(): Array<JobRecord & {planKey: string}> {
		let names: string[];
		try {
			names = readdirSync(this.directory).filter(name => name.endsWith('.json'));
		} catch {
			return [];
		}

		return names.flatMap(name => {
			const planKey = name.slice(0, -'.json'.length);
			const record = this.get(planKey);
			return record ? [{...record, planKey}] : [];
		});
	}

	#file(planKey: string): string {
		if (!/^[\w-]+$/.test(planKey)) {
			throw new Error(`not a plan key: ${planKey}`);
		}

		return path.join(this.directory, `${planKey}.json`);
	}
}
