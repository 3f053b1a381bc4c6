import {UserError} from '../errors.js';
import type {RescaleApi} from '../rescale/client.js';
import {RescaleError} from '../rescale/errors.js';
import {sleep} from '../rescale/transport.js';
import type {JobStatus, RescaleFile} from '../rescale/types.js';
import {metricsIn, type EventSink} from './events.js';

export type FollowOptions = {
	onEvent: EventSink;
	signal?: AbortSignal;
	/** Between polls; Rescale's own client uses 30 s and never less than 5 s. */
	pollMs: number;
	sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
	/**
	 * Whether the job's files hold what the caller needs besides the log (a build: its SIF). Rescale
	 * files the outputs some time after `Completed`; without this the follower waits for the cluster
	 * to stop, the sign that they all are.
	 */
	outputsReady?: (files: RescaleFile[]) => boolean;
	/** How long (real time) to wait for the outputs after `Completed`: 30 polls by default (5 minutes on Rescale). */
	outputsWithinMs?: number;
};

export type FollowedJob = {final: JobStatus; files: RescaleFile[]};

/**
 * Follows a submitted job to its end: new job and cluster statuses, the log as it grows (tail while
 * the run executes, the whole file at the end), and metrics found in it. After `Completed` it
 * waits for Rescale to file the outputs: until process_output.log and what `outputsReady` wants
 * are listed, or the cluster has stopped (or never started), and then lists them once more. It says
 * it waits only once a poll finds them missing, and names each file as filed unless the job had
 * ended with its outputs filed before it was followed (a download long after). Passing
 * errors (a 504 from statuses, a lost connection) are reported and polled through. Resolves with
 * the final status and the job's files; rejects when `signal` aborts, the key stops working, or the
 * outputs are not filed in time (a UserError naming the job: its record is kept to look again).
 */
export async function followJob(client: Pick<RescaleApi, 'jobs' | 'files'>, job: string, options: FollowOptions): Promise<FollowedJob> {
	const {onEvent, signal} = options;
	// Cut short by `signal`, the wait ends quietly: the loop then says it stopped following.
	const wait = options.sleep ?? (async (milliseconds: number, signal?: AbortSignal) => sleep(milliseconds, signal).catch(() => undefined));
	const outputsWithinMs = options.outputsWithinMs ?? 30 * options.pollMs;
	const seenStatuses = new Set<string>();
	const seenCluster = new Set<string>();
	const seenFiles = new Set<string>();
	const log = new LogCursor();
	const emitLines = (lines: string[]) => {
		const fresh = log.add(lines);
		if (fresh.length > 0) {
			onEvent({kind: 'log', job, lines: fresh});
			for (const line of fresh) {
				const metrics = metricsIn(line);
				if (metrics) {
					onEvent({kind: 'metric', job, ...metrics});
				}
			}
		}
	};

	let final: JobStatus | undefined;
	let waitingSince = 0;
	// Whether a poll found the job before Completed, and whether one after found outputs missing and said so.
	let watchedItRun = false;
	let waiting = false;
	for (;;) {
		if (signal?.aborted) {
			throw new RescaleError({kind: 'cancelled', message: 'Stopped following the job.', hint: '', request: 'follow'});
		}

		try {
			let latest = final;
			if (!final) {
				const statuses = [...await client.jobs.statuses(job, signal)].reverse();
				latest = statuses.at(-1);
				const completed = latest?.status === 'Completed';
				// The final status is reported after the log, so a job's story reads in order.
				for (const status of statuses.filter(entry => !seenStatuses.has(key(entry)) && entry !== (completed ? latest : undefined))) {
					seenStatuses.add(key(status));
					onEvent({kind: 'status', job, status: status.status, at: status.statusDate, reason: status.statusReason});
				}
			}

			const cluster = [...await client.jobs.clusterStatuses(job, signal)].reverse();
			for (const status of cluster.filter(entry => !seenCluster.has(key(entry)))) {
				seenCluster.add(key(status));
				onEvent({kind: 'cluster', job, status: status.status, at: status.statusDate});
			}

			if (latest?.status === 'Executing') {
				emitLines(await client.jobs.tail(job, '1', 'process_output.log', 1000) ?? []);
			}

			if (latest?.status !== 'Completed') {
				watchedItRun = true;
			} else {
				if (!final) {
					final = latest;
					waitingSince = Date.now();
				}

				// Listed after the cluster was read: when it had stopped, this is the list once more.
				const files = await client.jobs.files(job);
				const logFile = files.find(file => file.name === 'process_output.log');
				const ready = logFile !== undefined && (options.outputsReady?.(files) ?? false);
				const filed = ready || cluster.length === 0 || cluster.at(-1)?.status === 'Stopped';
				if (!filed && !waiting) {
					waiting = true;
					onEvent({kind: 'step', message: `Job ${job} has completed; waiting for Rescale to file its outputs...`});
				}

				// A job that had ended, its outputs filed, before it was followed: nothing was filed while watching.
				if (watchedItRun || waiting) {
					for (const file of files.filter(file => !seenFiles.has(file.id))) {
						seenFiles.add(file.id);
						onEvent({kind: 'step', message: `Rescale filed ${file.relativePath ?? file.name}.`});
					}
				}

				if (filed) {
					if (logFile) {
						emitLines(await client.files.lines(logFile.id));
					}

					onEvent({kind: 'status', job, status: final.status, at: final.statusDate, reason: final.statusReason});
					return {final, files};
				}

				const waited = Date.now() - waitingSince;
				if (waited >= outputsWithinMs) {
					throw new UserError(`job ${job} has completed, but after ${describeWait(waited)} Rescale has not filed its outputs yet`, {
						hint: `Rescale files a job's outputs some time after it completes. The job is remembered: run the same command again (or reopen the wizard) to look again; it follows job ${job} and starts no other.`,
						// The platform is late, not the input wrong.
						exitCode: 1,
					});
				}
			}
		} catch (error) {
			if (!(error instanceof RescaleError) || error.kind === 'auth' || error.kind === 'cancelled' || error.kind === 'not-found' || error.kind === 'malformed' || signal?.aborted) {
				throw error;
			}

			onEvent({kind: 'notice', level: 'warning', message: `${error.message} Still following the job.`});
		}

		await wait(options.pollMs, signal);
	}
}

function describeWait(milliseconds: number): string {
	const seconds = Math.round(milliseconds / 1000);
	return seconds >= 120 ? `${Math.round(seconds / 60)} minutes` : `${seconds} s`;
}

function key(status: JobStatus): string {
	return `${status.status}@${status.statusDate}`;
}

/**
 * Remembers the log lines already reported, so that overlapping windows (a tail now, the whole
 * file at the end) report each line once: new lines are those after the last reported line,
 * recognised with the few lines before it.
 */
export class LogCursor {
	private readonly recent: string[] = [];

	add(window: string[]): string[] {
		const lines = window.map(line => line.replace(/\n$/, ''));
		const fresh = lines.slice(this.anchorEnd(lines));
		this.recent.push(...fresh);
		this.recent.splice(0, Math.max(0, this.recent.length - 3));
		return fresh;
	}

	/** Index just after the last reported line within `lines`, or 0 when it is not there. */
	private anchorEnd(lines: string[]): number {
		if (this.recent.length === 0) {
			return 0;
		}

		for (let index = lines.length - 1; index >= 0; index--) {
			const matches = this.recent.every((line, offset) => {
				const position = index - (this.recent.length - 1 - offset);
				return position < 0 || lines[position] === line;
			});
			if (matches) {
				return index + 1;
			}
		}

		return 0;
	}
}
