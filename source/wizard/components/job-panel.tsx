import {Box, Text} from 'ink';
import {formatBytes} from '../../format.js';
import {parseTimestamp} from '../../rescale/types.js';
import {formatElapsed, sparkline, type JobView, type Transfer} from '../job-view.js';
import {theme} from '../theme.js';

/** Live progress of a job: uploads, status timeline, cluster, a bounded log tail, metrics. */
export function JobPanel({view, now, startedAt, logLines, width}: {view: JobView; now: number; startedAt: number; logLines: number; width: number}) {
	return (
		<Box flexDirection="column">
			{view.transfers.map(transfer => <TransferLine key={transfer.file} transfer={transfer} width={width}/>)}
			{view.job ? <Text wrap="truncate">{`Job ${view.job} ${view.action ?? ''}: ${view.jobName ?? ''}`}</Text> : null}
			{view.statuses.length > 0 ? (
				<Text>
					{view.statuses.map((status, index) => (
						<Text key={`${status.status}${status.at}`} color={index === view.statuses.length - 1 ? theme.accent : theme.success}>
							{`${index > 0 ? ' → ' : ''}${status.status} ${clock(status.at)}`}
						</Text>
					))}
				</Text>
			) : null}
			{view.cluster ? <Text dimColor wrap="truncate">{`Cluster: ${view.cluster}`}</Text> : null}
			<Text dimColor>{`Elapsed ${formatElapsed(now - startedAt)}${view.retries > 0 ? `  ·  ${view.retries} retried request(s)` : ''}`}</Text>
			{view.losses.length > 0 ? (
				<Text wrap="truncate">
					{`loss ${sparkline(view.losses, Math.max(10, Math.min(40, width - 30)))} ${view.losses.at(-1)}`}
					{view.accuracies.length > 0 ? `   accuracy ${view.accuracies.at(-1)}` : ''}
					{view.lastEpoch === undefined ? '' : `   epoch ${view.lastEpoch}`}
				</Text>
			) : null}
			{view.log.length > 0 ? (
				<Box flexDirection="column" borderStyle="round" borderDimColor paddingX={1}>
					{tail(view, Math.max(2, logLines - view.transfers.length)).map(({line, number}) => (
						<Text key={number} dimColor wrap="truncate">{line.replace(/^\[[^\]]+\]: /, '')}</Text>
					))}
				</Box>
			) : null}
		</Box>
	);
}

function TransferLine({transfer, width}: {transfer: Transfer; width: number}) {
	const fraction = transfer.total === 0 ? 1 : transfer.sent / transfer.total;
	const barWidth = Math.max(10, Math.min(30, width - 50));
	const filled = Math.round(fraction * barWidth);
	const seconds = Math.max(0.001, (transfer.updatedAt - transfer.startedAt) / 1000);
	const rate = transfer.sent / seconds;
	const eta = fraction >= 1 || rate === 0 ? 'done' : `ETA ${formatElapsed(((transfer.total - transfer.sent) / rate) * 1000)}`;
	return (
		<Text wrap="truncate">
			{`${transfer.file.padEnd(24).slice(0, 24)} `}
			<Text color={theme.success}>{'█'.repeat(filled)}</Text>
			<Text dimColor>{'░'.repeat(barWidth - filled)}</Text>
			{` ${Math.floor(fraction * 100)}% ${formatBytes(transfer.sent)}/${formatBytes(transfer.total)} ${formatBytes(rate)}/s ${eta}`}
		</Text>
	);
}

/** The platform's timestamps vary (`...898495Z`, `+00:00`, `-07:00`): shown as local time. */
function clock(at: string): string {
	return parseTimestamp(at)?.toLocaleTimeString('en-GB', {hour12: false}) ?? at;
}

/** The last `count` log lines with their line numbers (the same text may come twice). */
function tail(view: JobView, count: number): Array<{line: string; number: number}> {
	const first = Math.max(0, view.log.length - count);
	return view.log.slice(first).map((line, index) => ({line, number: view.logStart + first + index}));
}
