import type {Finding} from '../dockerfile/finding.js';
import type {PipelineEvent} from '../jobs/events.js';

/** What a wizard session did, for `--report FILE`: enough for support, never the key. */
export type SessionReport = {
	dockerfile: string;
	findings: Finding[];
	fixes: string[];
	def: string;
	platform?: string;
	plan?: string[];
	/** Each status with the wall time the wizard saw it (`seenAt`) and the platform's own timestamp (`at`). */
	jobs: Array<{id: string; name: string; statuses: Array<{status: string; at: string; reason: string; seenAt: number}>; log: string[]}>;
	/** What the pipelines and the wizard did, in order: filing the image, the run plan, downloads. */
	steps?: string[];
	results: string[];
	/** Whether the session finished, or the user quit leaving a job running or stopping it. */
	ending?: string;
};

/** How a session ended, as the wizard's outcome tells it. */
export type SessionEnding = {finished: boolean; stopped?: string; left?: string; stopUnconfirmed?: boolean; platform?: string};

const logLines = 30;

export function recordEvent(report: SessionReport, event: PipelineEvent, current: string | undefined, now = Date.now()): SessionReport {
	if (event.kind === 'step') {
		return {...report, steps: [...report.steps ?? [], event.message]};
	}

	if (event.kind === 'job') {
		return report.jobs.some(job => job.id === event.job) ? report : {...report, jobs: [...report.jobs, {id: event.job, name: event.name, statuses: [], log: []}]};
	}

	const job = event.kind === 'status' || event.kind === 'log' ? event.job : current;
	const update = (change: (entry: SessionReport['jobs'][number]) => SessionReport['jobs'][number]) => ({...report, jobs: report.jobs.map(entry => (entry.id === job ? change(entry) : entry))});
	if (event.kind === 'status') {
		return update(entry => ({...entry, statuses: [...entry.statuses, {status: event.status, at: event.at, reason: event.reason, seenAt: now}]}));
	}

	if (event.kind === 'log') {
		return update(entry => ({...entry, log: [...entry.log, ...event.lines].slice(-logLines)}));
	}

	return report;
}

/** The report's last word: was a job left running, or stopped, when the user quit? */
export function withEnding(report: SessionReport, ending: SessionEnding): SessionReport {
	const on = ending.platform ?? 'Rescale';
	const text = ending.stopped
		? `The user quit and asked ${on} to stop job ${ending.stopped}.`
		: ending.left && ending.stopUnconfirmed
			? `The user quit and asked ${on} to stop job ${ending.left}, but left before ${on} confirmed it: the job may still be running; starting the wizard again with the same Dockerfile follows it.`
			: ending.left
				? `The user quit and left job ${ending.left} running on ${on}; starting the wizard again with the same Dockerfile follows it.`
			: ending.finished ? 'The wizard finished; no job was left running.' : 'The user quit; no job was running.';
	return {...report, ending: text};
}

/** `2026-11-29T16:21:59Z`: the wall time the wizard saw something. */
function wallTime(milliseconds: number): string {
	return `${new Date(milliseconds).toISOString().slice(0, 19)}Z`;
}

export function reportMarkdown(report: SessionReport): string {
	const fence = (text: string) => `\`\`\`\n${text.replace(/\n$/, '')}\n\`\`\``;
	const sections = [
		'# rescale-apptainer wizard session',
		`Dockerfile: ${report.dockerfile}${report.platform ? `\nPlatform: ${report.platform}` : ''}`,
		'## Findings',
		report.findings.length === 0 ? 'None.' : report.findings.map(finding => `- line ${finding.line} **${finding.rule}** (${finding.severity}): ${finding.message}${finding.fix ? `\n  fix: ${finding.fix}` : ''}`).join('\n'),
		...(report.fixes.length > 0 ? ['Fixes applied in memory:', report.fixes.map(fix => `- ${fix}`).join('\n')] : []),
		'## Definition file',
		fence(report.def),
		...(report.plan ? ['## Build plan', report.plan.map(line => `- ${line}`).join('\n')] : []),
		...report.jobs.flatMap(job => [
			`## Job ${job.id}: ${job.name}`,
			job.statuses.map(status => `- ${wallTime(status.seenAt)} ${status.status}${status.reason ? ` (${status.reason})` : ''}; platform's timestamp ${status.at}`).join('\n') || 'No status yet.',
			...(job.statuses.length > 0 ? ['Each status is listed at the real time the wizard saw it; the platform\'s own timestamp may differ (the sandbox\'s clock runs fast).'] : []),
			`Last ${Math.min(logLines, job.log.length)} log lines:`,
			fence(job.log.join('\n')),
		]),
		...(report.results.length > 0 ? ['## Results', report.results.map(line => `- ${line}`).join('\n')] : []),
		...(report.steps?.length ? ['## Steps', report.steps.map(line => `- ${line}`).join('\n')] : []),
		...(report.ending ? ['## How the session ended', report.ending] : []),
	];
	return `${sections.join('\n\n')}\n`;
}
