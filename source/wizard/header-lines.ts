import {steps, type StepId} from './machine.js';
import {symbols, theme} from './theme.js';

/** A run of header text with its style; the same runs make Ink's header and the frame drawn before Ink loads. */
export type HeaderRun = {text: string; bold?: boolean; dim?: boolean; color?: string};

/** The wizard's two header lines: who it is and the current step, then the five steps with the current one marked. */
export function headerLines(current: StepId, platform?: string): [HeaderRun[], HeaderRun[]] {
	const index = steps.findIndex(step => step.id === current);
	const title: HeaderRun[] = [
		{text: 'rescale-apptainer', bold: true},
		{text: `  Step ${index + 1}/5: ${steps[index]!.title}${platform ? `  ${symbols.dot}  ${platform}` : ''}`, dim: true},
	];
	const bar = steps.map((step, position): HeaderRun => ({
		text: `${position < index ? symbols.done : position === index ? symbols.current : symbols.todo} ${step.title}${position < steps.length - 1 ? '  ' : ''}`,
		...(position === index ? {color: theme.accent} : position < index ? {color: theme.success} : {dim: true}),
	}));
	return [title, bar];
}

/** The runs cut to `width` columns, ending in the theme's ellipsis (Ink's own truncation always ends in a Unicode one). */
export function cutRuns(runs: HeaderRun[], width: number): HeaderRun[] {
	const length = runs.reduce((sum, run) => sum + [...run.text].length, 0);
	if (length <= width) {
		return runs;
	}

	let room = width - [...symbols.ellipsis].length;
	const kept: HeaderRun[] = [];
	for (const run of runs) {
		const characters = [...run.text];
		kept.push({...run, text: characters.slice(0, Math.max(0, room)).join('')});
		room -= characters.length;
	}

	kept.at(-1)!.text += symbols.ellipsis;
	return kept.filter(run => run.text !== '');
}
