import {Box, Text} from 'ink';
import {cutRuns, headerLines, type HeaderRun} from '../header-lines.js';
import type {StepId} from '../machine.js';

/** The five steps with the current one highlighted, and who the wizard talks to. */
export function StepHeader({current, platform, width}: {current: StepId; platform?: string; width: number}) {
	const [title, bar] = headerLines(current, platform);
	return (
		<Box flexDirection="column" marginBottom={1}>
			<HeaderLine runs={cutRuns(title, width)}/>
			<HeaderLine runs={cutRuns(bar, width)}/>
		</Box>
	);
}

function HeaderLine({runs}: {runs: HeaderRun[]}) {
	return (
		<Text>
			{runs.map(run => <Text key={run.text} bold={run.bold} dimColor={run.dim} color={run.color}>{run.text}</Text>)}
		</Text>
	);
}
