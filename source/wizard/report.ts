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
	jobs: Array<{id: string; name: string; statuses: Array<{status: string; at: string; reason: string}>; log: string[]}>;
	results: string[];
};

const logLines = 30;

export function recordEvent(report: SessionReport, event: PipelineEvent, current: string | undefined): SessionReport {
	if (event.kind === 'job') {
		return report.jobs.some(job => job.id === event.job) ? report : {...report, jobs: [...report.jobs, {id: event.job, name: event.name, statuses: [], log: []}]};
	}

	const job = event.kind === 'status' || event.kind === 'log' ? event.job : current;
	const update = (change: (entry: SessionReport['jobs'][number]) => SessionReport['jobs'][number]) => ({...report, jobs: report.jobs.map(entry => (entry.id === job ? change(entry) : entry))});
	if (event.kind === 'status') {
		return update(entry => ({...entry, statuses: [...entry.statuses, {status: event.status, at: event.at, reason: event.reason}]}));
	}

	if (event.kind === 'log') {
		return update(entry => ({...entry, log: [...entry.log, ...event.lines].slice(-logLines)}));
	}

	return report;
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
			job.statuses.map(status => `- ${status.at} ${status.status}${status.reason ? ` (${status.reason})` : ''}`).join('\n') || 'No status yet.',
			`Last ${Math.min(logLines, job.log.length)} log lines:`,
			fence(job.log.join('\n')),
		]),
		...(report.results.length > 0 ? ['## Results', report.results.map(line => `- ${line}`).join('\n')] : []),
	];
	return `${sections.join('\n\n')}\n`;
}
