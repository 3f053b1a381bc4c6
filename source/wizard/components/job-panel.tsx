import {Box, Text} from 'ink';
import {useContext} from 'react';
import {formatBytes} from '../../format.js';
import {truncateEnd} from '../cut-text.js';
import {describeCluster, formatElapsed, shortenMiddle, sparkline, statusEntries, type JobView, type Transfer} from '../job-view.js';
import {borderStyle, symbols, theme} from '../theme.js';
import {EndingContext} from './ending.js';
import {Paragraph, unbreakable} from './paragraph.js';

/**
 * Statuses as one line that wraps only between entries, each arrow kept at the end of its row, so
 * a continuation row starts with a status: `Pending at 1s → Queued at 2s`.
 */
export function timelineText(entries: string[]): string {
	return entries.map(entry => unbreakable(entry)).join(`${unbreakable(` ${symbols.arrow}`)} `);
}

/**
 * Live progress of a job: uploads, status timeline, cluster, a bounded log tail, metrics. Times are
 * elapsed since `startedAt` as the wizard saw them: the platform's clock may run fast (the sandbox's does).
 */
export function JobPanel({view, now, startedAt, logLines, width, leaveHint}: {view: JobView; now: number; startedAt: number; logLines: number; width: number; leaveHint?: string}) {
	const ending = useContext(EndingContext);
	const elapsed = `${view.action === 'reattached' ? 'Followed for' : 'Elapsed'} ${formatElapsed(Math.max(now, view.statuses.at(-1)?.seenAt ?? now) - startedAt)}${view.retries > 0 ? `  ${symbols.dot}  ${view.retries} retried request(s)` : ''}`;
	// `leaveHint`: the keys that leave, on the elapsed line when it fits there (the panel's rows are counted by its step).
	const withHint = leaveHint && !ending ? `${elapsed}  ${symbols.dot}  ${leaveHint}` : elapsed;
	return (
		<Box flexDirection="column">
			<TransferLines transfers={view.transfers} width={width}/>
			{view.job ? <Text wrap="truncate">{truncateEnd(`Job ${view.job} ${view.action ?? ''}: ${view.jobName ?? ''}`, width)}</Text> : null}
			{view.statuses.length > 0 ? <Timeline entries={statusEntries(view, startedAt)}/> : null}
			{view.cluster ? <Paragraph dimColor>{`Cluster: ${describeCluster(view.cluster, view.statuses.at(-1)?.status === 'Completed')}`}</Paragraph> : null}
			{/* A reattached job started before this session: the time is how long the wizard has followed it. */}
			<Paragraph dimColor>{withHint.length <= width ? withHint : elapsed}</Paragraph>
			{view.losses.length > 0 ? <Text wrap="truncate">{truncateEnd(metricsLine(view, width), width)}</Text> : null}
			{view.log.length > 0 ? (
				<Box flexDirection="column" borderStyle={borderStyle} borderDimColor paddingX={1}>
					{tail(view, Math.max(2, logLines - view.transfers.length)).map(({line, number}) => (
						// The border and its padding take four columns.
						<Text key={number} dimColor wrap="truncate">{truncateEnd(line.replace(/^\[[^\]]+\]: /, ''), width - 4)}</Text>
					))}
				</Box>
			) : null}
		</Box>
	);
}

/** The last status in the accent colour, the ones before it as done. */
function Timeline({entries}: {entries: string[]}) {
	const before = entries.slice(0, -1);
	return (
		<Paragraph color={theme.success}>
			{before.length > 0 ? `${timelineText(before)}${unbreakable(` ${symbols.arrow}`)} ` : ''}
			<Text color={theme.accent}>{unbreakable(entries.at(-1)!)}</Text>
		</Paragraph>
	);
}

/** The loss curve with the latest loss, accuracy and epoch. */
export function metricsLine(view: JobView, width: number): string {
	return `loss ${sparkline(view.losses, Math.max(10, Math.min(40, width - 30)))} ${view.losses.at(-1)}${view.accuracies.length > 0 ? `   accuracy ${view.accuracies.at(-1)}` : ''}${view.lastEpoch === undefined ? '' : `   epoch ${view.lastEpoch}`}`;
}

/** The room a transfer line keeps for its numbers: ` 100% 1.6 KB/1.6 KB 273.5 KB/s ETA 1m 05s`. */
const statsWidth = 40;
const minBarWidth = 8;

/**
 * One bar per uploaded or downloaded file. Names are shown whole (aligned); only a line too narrow
 * for a name cuts it, in the middle, keeping its extension; the bars take the room that is left.
 */
export function TransferLines({transfers, width}: {transfers: Transfer[]; width: number}) {
	const longest = Math.max(0, ...transfers.map(transfer => [...transfer.file].length));
	const nameWidth = Math.max(8, Math.min(longest, width - statsWidth - minBarWidth - 2));
	const barWidth = Math.max(minBarWidth, Math.min(30, width - nameWidth - statsWidth - 2));
	return transfers.map(transfer => <TransferLine key={transfer.file} transfer={transfer} nameWidth={nameWidth} barWidth={barWidth}/>);
}

function TransferLine({transfer, nameWidth, barWidth}: {transfer: Transfer; nameWidth: number; barWidth: number}) {
	const fraction = transfer.total === 0 ? 1 : transfer.sent / transfer.total;
	const filled = Math.round(fraction * barWidth);
	const seconds = Math.max(0.001, (transfer.updatedAt - transfer.startedAt) / 1000);
	const rate = transfer.sent / seconds;
	const eta = fraction >= 1 || rate === 0 ? 'done' : `ETA ${formatElapsed(((transfer.total - transfer.sent) / rate) * 1000)}`;
	return (
		<Text wrap="truncate">
			{`${shortenMiddle(transfer.file, nameWidth).padEnd(nameWidth)} `}
			<Text color={theme.success}>{symbols.bar.repeat(filled)}</Text>
			<Text dimColor>{symbols.track.repeat(barWidth - filled)}</Text>
			{` ${Math.floor(fraction * 100)}% ${formatBytes(transfer.sent)}/${formatBytes(transfer.total)} ${formatBytes(rate)}/s ${eta}`}
		</Text>
	);
}

/** The last `count` log lines with their line numbers (the same text may come twice). */
function tail(view: JobView, count: number): Array<{line: string; number: number}> {
	const first = Math.max(0, view.log.length - count);
	return view.log.slice(first).map((line, index) => ({line, number: view.logStart + first + index}));
}
