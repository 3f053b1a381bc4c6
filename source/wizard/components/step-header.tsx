import {Box, Text} from 'ink';
import {steps, type StepId} from '../machine.js';
import {symbols, theme} from '../theme.js';

/** The five steps with the current one highlighted, and who the wizard talks to. */
export function StepHeader({current, platform}: {current: StepId; platform?: string}) {
	const index = steps.findIndex(step => step.id === current);
	return (
		<Box flexDirection="column" marginBottom={1}>
			<Text wrap="truncate">
				<Text bold>rescale-apptainer</Text>
				<Text dimColor>{`  Step ${index + 1}/5: ${steps[index]!.title}${platform ? `  ·  ${platform}` : ''}`}</Text>
			</Text>
			<Text wrap="truncate">
				{steps.map((step, position) => (
					<Text key={step.id} color={position === index ? theme.accent : position < index ? theme.success : undefined} dimColor={position > index}>
						{`${position < index ? symbols.done : position === index ? symbols.current : symbols.todo} ${step.title}${position < steps.length - 1 ? '  ' : ''}`}
					</Text>
				))}
			</Text>
		</Box>
	);
}
