import {Box, Text} from 'ink';
import {formatBytes} from '../../format.js';
import type {RunResult} from '../../run/pipeline.js';
import {truncateEnd} from '../cut-text.js';
import {borderStyle, symbols, theme} from '../theme.js';
import {Paragraph} from './paragraph.js';

/**
 * How the run ended, judged from its log (Rescale ends failed commands as `Completed` too): a
 * success with its outputs, or a failure with the exit code, the log's last lines and the likely cause.
 */
export function RunOutcome({result, logLines, width}: {result: RunResult; logLines: number; width: number}) {
	const {outcome} = result;
	if (outcome.succeeded) {
		return (
			<>
				<Paragraph color={theme.success}>{`${symbols.done} Job ${result.job} ${result.final.status} (${result.final.statusReason}), the command exited with code ${outcome.exitCode ?? 0}. Output files:`}</Paragraph>
				{result.outputs.map(file => <Paragraph key={file.id}>{`  ${file.relativePath ?? file.name}  ${formatBytes(file.decryptedSize ?? 0)}`}</Paragraph>)}
			</>
		);
	}

	return (
		<>
			<Paragraph color={theme.error}>{`${symbols.failed} The run failed (job ${result.job}, ${result.final.status} on Rescale). ${outcome.summary}`}</Paragraph>
			{outcome.logTail.length > 0 ? (
				<Box flexDirection="column" borderStyle={borderStyle} borderColor={theme.error} paddingX={1}>
					<Text dimColor>Last lines of its log:</Text>
					{outcome.logTail.slice(-Math.max(3, logLines)).map((line, index) => <Text key={`${index}${line}`} wrap="truncate">{truncateEnd(line, width - 4)}</Text>)}
				</Box>
			) : null}
			<Paragraph>{`Most likely: ${outcome.cause ?? 'the last lines of the log above say why.'}`}</Paragraph>
		</>
	);
}
