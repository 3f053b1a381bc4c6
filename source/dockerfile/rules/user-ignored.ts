import {instructionsOf, type Rule} from './rule.js';

export const userIgnoredRule: Rule = {
	id: 'user-ignored',
	relatesTo: 'DL3002',
	check(context) {
		return instructionsOf(context, 'USER')
			.filter(({instruction}) => !/^(?:root|0)(?::(?:root|0))?$/.test(instruction.text.trim()))
			.map(({instruction}) => ({
				rule: 'user-ignored',
				severity: 'warning' as const,
				line: instruction.line,
				message: `USER ${instruction.text.trim()} is ignored: the build runs every step as root, and apptainer run runs as whoever submits the job. Files made private to that user become unreadable.`,
				fix: 'Install under /opt or /usr/local and make files world-readable (chmod -R a+rX).',
			}));
	},
};
