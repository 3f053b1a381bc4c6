import type {Segment} from './cut-text.js';
import {steps, type StepId} from './machine.js';
import {symbols, theme} from './theme.js';

/** The wizard's two header rows: who it is and the current step, then the five steps with the current one marked. */
export function headerLines(current: StepId, platform?: string): [Segment[], Segment[]] {
	const index = steps.findIndex(step => step.id === current);
	const title: Segment[] = [
		{text: 'rescale-apptainer', bold: true},
		{text: `  Step ${index + 1}/5: ${steps[index]!.title}${platform ? `  ${symbols.dot}  ${platform}` : ''}`, dimColor: true},
	];
	const bar = steps.map((step, position): Segment => ({
		text: `${position < index ? symbols.done : position === index ? symbols.current : symbols.todo} ${step.title}${position < steps.length - 1 ? '  ' : ''}`,
		...(position === index ? {color: theme.accent} : position < index ? {color: theme.success} : {dimColor: true}),
	}));
	return [title, bar];
}
