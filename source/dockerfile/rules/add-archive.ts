import {instructionsOf, isUrl, type Rule} from './rule.js';

export const localArchive = /\.(?:tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;

export const addArchiveRule: Rule = {
	id: 'add-archive',
	relatesTo: 'DL3010',
	check(context) {
		return instructionsOf(context, 'ADD').flatMap(({instruction}) => {
			const sources = (instruction.exec ?? instruction.text.trim().split(/\s+/)).slice(0, -1);
			return sources.filter(source => !isUrl(source) && localArchive.test(source)).map(source => ({
				rule: 'add-archive',
				severity: 'info' as const,
				line: instruction.line,
				message: `ADD ${source} unpacks the archive in Docker, while %files copies files as they are: the def copies it to a staging folder and unpacks it with tar in %post.`,
			}));
		});
	},
};
