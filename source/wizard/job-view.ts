import type {PipelineEvent} from '../jobs/events.js';

export type Transfer = {file: string; sent: number; total: number; startedAt: number; updatedAt: number};

/** What the job panels show, folded from pipeline events (pure, so it is tested without Ink). */
export type JobView = {
	job?: string;
	jobName?: string;
	action?: 'created' | 'reattached' | 'submitted';
	transfers: Transfer[];
	statuses: Array<{status: string; at: string; reason: string}>;
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
			return {...view, statuses: [...view.statuses, {status: event.status, at: event.at, reason: event.reason}]};
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

const bars = '▁▂▃▄▅▆▇█';

/** A one-line chart of the values, scaled between their minimum and maximum. */
export function sparkline(values: number[], width = 30): string {
	const shown = values.slice(-width);
	if (shown.length === 0) {
		return '';
	}

	const low = Math.min(...shown);
	const high = Math.max(...shown);
	return shown.map(value => bars[high === low ? 3 : Math.round(((value - low) / (high - low)) * (bars.length - 1))]).join('');
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
