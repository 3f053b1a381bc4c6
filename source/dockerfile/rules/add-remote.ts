import {copySources, isUrl} from '../instructions.js';
import {instructionsOf, type Rule} from './rule.js';

export const addRemoteRule: Rule = {
	id: 'add-remote',
	relatesTo: 'DL3020',
	check(context) {
		return instructionsOf(context, 'ADD').flatMap(({instruction}) => {
			return copySources(instruction).filter(source => isUrl(source)).map(source => ({
				rule: 'add-remote',
				severity: 'warning' as const,
				line: instruction.line,
				message: `ADD ${source} fetches a URL, which %files cannot do: the def downloads it on the build node in %setup (curl, wget or python3), so the build needs network access; the download is not checksum-verified.`,
				fix: 'Download the file into the build context and COPY it, or keep the download and add a checksum check (sha256sum -c).',
			}));
		});
	},
};
