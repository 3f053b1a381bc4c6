import type {PipelineEvent} from '../jobs/events.js';
import {symbols} from './theme.js';

export type Transfer = {file: string; sent: number; total: number; startedAt: number; updatedAt: number};

/** What the job panels show, folded from pipeline events (pure, so it is tested without Ink). */
export type JobView = {
	job?: string;
	jobName?: string;
	action?: 'created' | 'reattached' | 'submitted';
	transfers: Transfer[];
	/**
	 * Each status with the platform's timestamp (`at`) and the wall time the wizard saw it
	 * (`seenAt`): the embedded sandbox runs an accelerated clock, so only `seenAt` is true for the user.
	 */
	statuses: Array<{status: string; at: string; reason: string; seenAt: number}>;
	cluster?: string;
	/** The last lines of the log; bounded so a chatty job never floods the screen. */
	log: string[];
	/** How many log lines came before `log[0]`: each line's number, for stable keys. */
	logStart: number;
	losses: number[];
	accuracies: number[];
	lastEpoch?: number;
	notices: string[];
	retries: number;
};

export const logLimit = 200;

export const emptyJobView: JobView = {transfers: [], statuses: [], log: [], logStart: 0, losses: [], accuracies: [], notices: [], retries: 0};

export function foldEvent(view: JobView, event: PipelineEvent, now = Date.now()): JobView {
	switch (event.kind) {
		case 'upload':
		case 'download': {
			const existing = view.transfers.find(transfer => transfer.file === event.file);
			const transfer = {file: event.file, sent: event.sent, total: event.total, startedAt: existing?.startedAt ?? now, updatedAt: now};
			return {...view, transfers: existing ? view.transfers.map(item => (item === existing ? transfer : item)) : [...view.transfers, transfer]};
		}

		case 'job': {
			return {...view, job: event.job, jobName: event.name, action: event.action};
		}

		case 'status': {
			return {...view, statuses: [...view.statuses, {status: event.status, at: event.at, reason: event.reason, seenAt: now}]};
		}

		case 'cluster': {
			return {...view, cluster: event.status};
		}

		case 'log': {
			const log = [...view.log, ...event.lines];
			const dropped = Math.max(0, log.length - logLimit);
			return {...view, log: log.slice(dropped), logStart: view.logStart + dropped};
		}

		case 'metric': {
			return {
				...view,
				losses: event.loss === undefined ? view.losses : [...view.losses, event.loss].slice(-60),
				accuracies: event.accuracy === undefined ? view.accuracies : [...view.accuracies, event.accuracy].slice(-60),
				lastEpoch: event.epoch ?? view.lastEpoch,
			};
		}

		case 'notice': {
			return {...view, notices: [...view.notices, event.message].slice(-3)};
		}

		case 'retry': {
			return {...view, retries: view.retries + 1};
		}

		case 'step': {
			return {...view, notices: [...view.notices, event.message].slice(-3)};
		}
	}
}

/**
 * A cluster status in words a first-time user understands. `Stop Requested` and the like follow
 * every finished job, so the words say whether the job itself is over.
 */
export function describeCluster(status: string, jobFinished: boolean): string {
	const finished = jobFinished ? ' (the job has finished)' : '';
	switch (status) {
		case 'Not Started':
		case 'Pending': {
			return 'waiting for a machine';
		}

		case 'Queued': {
			return 'waiting for the cloud provider to hand out a machine';
		}

		case 'Starting': {
			return 'starting the machine (this can take a few minutes)';
		}

		case 'Started': {
			return jobFinished ? 'the machine is still up (the job has finished)' : 'the machine is up';
		}

		case 'Stop Requested':
		case 'Stopping': {
			return `shutting down${finished}`;
		}

		case 'Stopped': {
			return `shut down${finished}`;
		}

		case 'Error': {
			return 'the machine reported an error (the job status says what happened)';
		}

		case 'Unknown': {
			return 'not reported by the platform yet';
		}

		default: {
			return status;
		}
	}
}

/** A one-line chart of the values, scaled between their minimum and maximum. */
export function sparkline(values: number[], width = 30): string {
	const shown = values.slice(-width);
	if (shown.length === 0) {
		return '';
	}

	const low = Math.min(...shown);
	const high = Math.max(...shown);
	const levels = [...symbols.levels];
	return shown.map(value => levels[high === low ? 3 : Math.round(((value - low) / (high - low)) * (levels.length - 1))]).join('');
}

/**
 * `text` in at most `width` columns: cut in the middle with an ellipsis, so the start and the end (a file's
 * extension) both stay readable.
 */
export function shortenMiddle(text: string, width: number): string {
	const characters = [...text];
	if (characters.length <= width) {
		return text;
	}

	const room = Math.max(1, width - [...symbols.ellipsis].length);
	const extension = /\.[^./]{1,10}$/.exec(text)?.[0].length ?? 0;
	const tail = Math.min(room - 1, Math.max(Math.ceil(room / 2), extension));
	return `${characters.slice(0, room - tail).join('')}${symbols.ellipsis}${characters.slice(characters.length - tail).join('')}`;
}

/** Each status at the time since `startedAt` as the wizard saw it: the platform's clock may run fast (the sandbox's does). */
export function statusEntries(view: JobView, startedAt: number): string[] {
	// A job followed again is found part-way or done: its statuses so far all arrive at the first look,
	// so when the wizard saw them says nothing (every one "at 0s"); the platform's dates tell the gaps.
	const first = Date.parse(view.statuses[0]?.at ?? '');
	const platformDated = view.action === 'reattached' && view.statuses.every(status => !Number.isNaN(Date.parse(status.at)));
	return view.statuses.map(status => `${status.status} at ${formatElapsed(platformDated ? Date.parse(status.at) - first : status.seenAt - startedAt)}`);
}

/** `1m 05s` style elapsed time. */
export function formatElapsed(milliseconds: number): string {
	const seconds = Math.max(0, Math.floor(milliseconds / 1000));
	const minutes = Math.floor(seconds / 60);
	const hours = Math.floor(minutes / 60);
	if (hours > 0) {
		return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
	}

	return minutes > 0 ? `${minutes}m ${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}
