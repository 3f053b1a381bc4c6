import {Box, Text} from 'ink';
import {headerLines, type HeaderRun} from '../header-lines.js';
import type {StepId} from '../machine.js';

/** The five steps with the current one highlighted, and who the wizard talks to. */
export function StepHeader({current, platform}: {current: StepId; platform?: string}) {
	const [title, bar] = headerLines(current, platform);
	return (
		<Box flexDirection="column" marginBottom={1}>
			<HeaderLine runs={title}/>
			<HeaderLine runs={bar}/>
		</Box>
	);
}

function HeaderLine({runs}: {runs: HeaderRun[]}) {
	return (
		<Text wrap="truncate">
			{runs.map(run => <Text key={run.text} bold={run.bold} dimColor={run.dim} color={run.color}>{run.text}</Text>)}
		</Text>
	);
}
