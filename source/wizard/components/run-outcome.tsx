import {Box, Text} from 'ink';
import {formatBytes} from '../../format.js';
import type {RunResult} from '../../run/pipeline.js';
import {symbols, theme} from '../theme.js';

/**
 * How the run ended, judged from its log (Rescale ends failed commands as `Completed` too): a
 * success with its outputs, or a failure with the exit code, the log's last lines and the likely cause.
 */
export function RunOutcome({result, logLines}: {result: RunResult; logLines: number}) {
	const {outcome} = result;
	if (outcome.succeeded) {
		return (
			<>
				<Text color={theme.success}>{`${symbols.done} Job ${result.job} ${result.final.status} (${result.final.statusReason}), the command exited with code ${outcome.exitCode ?? 0}. Output files:`}</Text>
				{result.outputs.map(file => <Text key={file.id} wrap="wrap">{`  ${file.relativePath ?? file.name}  ${formatBytes(file.decryptedSize ?? 0)}`}</Text>)}
			</>
		);
	}

	return (
		<>
			<Text color={theme.error} wrap="wrap">{`${symbols.failed} The run failed (job ${result.job}, ${result.final.status} on Rescale). ${outcome.summary}`}</Text>
			{outcome.logTail.length > 0 ? (
				<Box flexDirection="column" borderStyle="round" borderColor={theme.error} paddingX={1}>
					<Text dimColor>Last lines of its log:</Text>
					{outcome.logTail.slice(-Math.max(3, logLines)).map((line, index) => <Text key={`${index}${line}`} wrap="truncate">{line}</Text>)}
				</Box>
			) : null}
			<Text wrap="wrap">{`Most likely: ${outcome.cause ?? 'the last lines of the log above say why.'}`}</Text>
		</>
	);
}
