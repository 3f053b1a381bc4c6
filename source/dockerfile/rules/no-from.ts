import type {Rule} from './rule.js';

export const noFromRule: Rule = {
	id: 'no-from',
	relatesTo: 'DL3061',
	check({model}) {
		if (model.stages.length === 0) {
			return [{
				rule: 'no-from',
				severity: 'error',
				line: model.instructions[0]?.line ?? 1,
				message: 'No FROM instruction: a definition file needs a base image to bootstrap from.',
				fix: 'Start the Dockerfile with the image to build on, e.g. FROM python:3.11-slim',
			}];
		}

		return model.beforeFirstFrom.slice(0, 1).map(instruction => ({
			rule: 'no-from',
			severity: 'error' as const,
			line: instruction.line,
			message: `${instruction.keyword} comes before the first FROM; only ARG may precede FROM.`,
			fix: `Move line ${instruction.line} below the FROM line.`,
		}));
	},
};
