import type {RescaleApi} from '../rescale/client.js';
import {RescaleError} from '../rescale/errors.js';
import type {JobStatus} from '../rescale/types.js';
import {metricsIn, type EventSink} from './events.js';

export type FollowOptions = {
	onEvent: EventSink;
	signal?: AbortSignal;
	/** Between polls; Rescale's own client uses 30 s and never less than 5 s. */
	pollMs: number;
	sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
};

/**
 * Follows a submitted job to its end: new job and cluster statuses, the log as it grows (tail while
 * the run executes, the whole file at the end), and metrics found in it. Passing errors (a 504
 * from statuses, a lost connection) are reported and polled through. Resolves with the final
 * status; rejects only when `signal` aborts or the key stops working.
 */
export async function followJob(client: Pick<RescaleApi, 'jobs' | 'files'>, job: string, options: FollowOptions): Promise<JobStatus> {
	const {onEvent, signal} = options;
	const wait = options.sleep ?? ((milliseconds: number) => new Promise(resolve => setTimeout(resolve, milliseconds)));
	const seenStatuses = new Set<string>();
	const seenCluster = new Set<string>();
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

	for (;;) {
		if (signal?.aborted) {
			throw new RescaleError({kind: 'cancelled', message: 'Stopped following the job.', hint: '', request: 'follow'});
		}

		try {
			const statuses = [...await client.jobs.statuses(job, signal)].reverse();
			const latest = statuses.at(-1);
			const completed = latest?.status === 'Completed';
			// The final status is reported after the log, so a job's story reads in order.
			for (const status of statuses.filter(entry => !seenStatuses.has(key(entry)) && entry !== (completed ? latest : undefined))) {
				seenStatuses.add(key(status));
				onEvent({kind: 'status', job, status: status.status, at: status.statusDate, reason: status.statusReason});
			}

			for (const status of [...await client.jobs.clusterStatuses(job, signal)].reverse().filter(entry => !seenCluster.has(key(entry)))) {
				seenCluster.add(key(status));
				onEvent({kind: 'cluster', job, status: status.status, at: status.statusDate});
			}

			if (latest?.status === 'Executing') {
				emitLines(await client.jobs.tail(job, '1', 'process_output.log', 1000) ?? []);
			}

			if (completed) {
				const logFile = (await client.jobs.files(job, 'process_output.log')).find(file => file.name === 'process_output.log');
				if (logFile) {
					emitLines(await client.files.lines(logFile.id));
				}

				onEvent({kind: 'status', job, status: latest.status, at: latest.statusDate, reason: latest.statusReason});
				return latest;
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
