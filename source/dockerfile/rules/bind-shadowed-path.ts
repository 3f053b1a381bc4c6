import type {Finding} from '../finding.js';
import {copyWords} from '../instructions.js';
import {instructionsOf, type Rule} from './rule.js';

const shadowed = /^\/(?:tmp|var\/tmp|home)(?:\/|$)/;

export const bindShadowedPathRule: Rule = {
	id: 'bind-shadowed-path',
	check(context) {
		const findings: Finding[] = [];
		for (const {instruction} of instructionsOf(context, 'COPY', 'ADD', 'WORKDIR')) {
			const destination = instruction.keyword === 'WORKDIR'
				? instruction.text.trim()
				: copyWords(instruction).at(-1) ?? '';
			const folder = /^\/(?:var\/)?\w+/.exec(destination)?.[0];
			if (!folder || !shadowed.test(destination)) {
				continue;
			}

			findings.push({
				rule: 'bind-shadowed-path',
				severity: 'info',
				line: instruction.line,
				message: `${destination} is hidden at run time: Apptainer binds the host's ${folder} over it. Fine for files only the build needs; anything the program reads at run time must live elsewhere.`,
				fix: 'Put run-time files under /opt or /usr/local.',
			});
		}

		return findings;
	},
};
