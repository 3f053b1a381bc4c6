import {instructionsOf, type Rule} from './rule.js';

export const copyChownRule: Rule = {
	id: 'copy-chown',
	check(context) {
		return instructionsOf(context, 'COPY', 'ADD')
			.filter(({instruction}) => instruction.flags.some(flag => flag.name === 'chown'))
			.map(({instruction}) => ({
				rule: 'copy-chown',
				severity: 'info' as const,
				line: instruction.line,
				message: `${instruction.keyword} --chown has no %files equivalent: the files belong to root in the image, and Apptainer runs everything as the submitting user, so ownership does not matter there.`,
				fix: 'Make the files world-readable instead (the def keeps their mode; --chmod is applied).',
			}));
	},
};
