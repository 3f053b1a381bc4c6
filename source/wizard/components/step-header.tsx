import {Box} from 'ink';
import {headerLines} from '../header-lines.js';
import type {StepId} from '../machine.js';
import {CutRow} from './cut-row.js';

/** The five steps with the current one highlighted, and who the wizard talks to. */
export function StepHeader({current, platform, width}: {current: StepId; platform?: string; width: number}) {
	const [title, bar] = headerLines(current, platform);
	return (
		<Box flexDirection="column" marginBottom={1}>
			<CutRow width={width} segments={title}/>
			<CutRow width={width} segments={bar}/>
		</Box>
	);
}
