import {Box} from 'ink';
import {steps, type StepId} from '../machine.js';
import {symbols, theme} from '../theme.js';
import {CutRow} from './cut-row.js';

/** The five steps with the current one highlighted, and who the wizard talks to. */
export function StepHeader({current, platform, width}: {current: StepId; platform?: string; width: number}) {
	const index = steps.findIndex(step => step.id === current);
	return (
		<Box flexDirection="column" marginBottom={1}>
			<CutRow width={width} segments={[{text: 'rescale-apptainer', bold: true}, {text: `  Step ${index + 1}/5: ${steps[index]!.title}${platform ? `  ${symbols.dot}  ${platform}` : ''}`, dimColor: true}]}/>
			<CutRow width={width} segments={steps.map((step, position) => ({
				text: `${position < index ? symbols.done : position === index ? symbols.current : symbols.todo} ${step.title}${position < steps.length - 1 ? '  ' : ''}`,
				color: position === index ? theme.accent : position < index ? theme.success : undefined,
				dimColor: position > index,
			}))}/>
		</Box>
	);
}
