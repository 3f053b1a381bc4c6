import {copySources, isUrl, localArchive} from '../instructions.js';
import {instructionsOf, type Rule} from './rule.js';

export const addArchiveRule: Rule = {
	id: 'add-archive',
	relatesTo: 'DL3010',
	check(context) {
		return instructionsOf(context, 'ADD').flatMap(({instruction}) => {
			return copySources(instruction).filter(source => !isUrl(source) && localArchive.test(source)).map(source => ({
				rule: 'add-archive',
				severity: 'info' as const,
				line: instruction.line,
				message: `ADD ${source} unpacks the archive in Docker, while %files copies files as they are: the def copies it to a staging folder and unpacks it with tar in %post.`,
			}));
		});
	},
};
