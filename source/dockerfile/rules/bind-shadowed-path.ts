import type {Finding} from '../finding.js';
import {copyWords} from '../instructions.js';
import {instructionsOf, type Rule} from './rule.js';

/**
 * What Apptainer binds by default (apptainer.conf: mount tmp, mount home): the host's /tmp and
 * /var/tmp over the image's, and the running user's own $HOME at its path, not the host's whole
 * /home. So /tmp and /var/tmp are always hidden, /home/NAME only for a user whose home it is,
 * and even then the image's files there are not what $HOME points to.
 */
export const bindShadowedPathRule: Rule = {
	id: 'bind-shadowed-path',
	check(context) {
		const findings: Finding[] = [];
		for (const {instruction} of instructionsOf(context, 'COPY', 'ADD', 'WORKDIR')) {
			const destination = instruction.keyword === 'WORKDIR'
				? instruction.text.trim()
				: copyWords(instruction).at(-1) ?? '';
			const message = hiddenBecause(destination);
			if (!message) {
				continue;
			}

			findings.push({
				rule: 'bind-shadowed-path',
				severity: 'info',
				line: instruction.line,
				message,
				fix: 'Put run-time files under /opt or /usr/local.',
			});
		}

		return findings;
	},
};

function hiddenBecause(destination: string): string | undefined {
	const temporary = /^\/(?:var\/)?tmp(?=\/|$)/.exec(destination)?.[0];
	if (temporary) {
		return `${destination} is hidden at run time: Apptainer binds the host's ${temporary} over the image's. Fine for files only the build needs; anything the program reads at run time must live elsewhere.`;
	}

	const home = /^\/home\/[^/]+/.exec(destination)?.[0];
	if (home) {
		return `${destination} is visible at run time unless ${home} is the home of the user who runs the job: Apptainer binds that user's own $HOME over its path. $HOME is then the running user's, not ${home}, so a program that reads ~/... does not find these files.`;
	}

	return undefined;
}
