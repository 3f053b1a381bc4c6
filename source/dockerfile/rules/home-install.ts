import type {Finding} from '../finding.js';
import {pipInstalls} from '../pip-installs.js';
import {copyWords, shellScript} from '../instructions.js';
import {instructionsOf, type Rule} from './rule.js';

export const homeInstallRule: Rule = {
	id: 'home-install',
	check(context) {
		const findings: Finding[] = [];
		for (const {instruction} of instructionsOf(context, 'RUN', 'COPY', 'ADD', 'WORKDIR')) {
			const destination = instruction.keyword === 'RUN' ? undefined : instruction.keyword === 'WORKDIR' ? instruction.text.trim() : copyWords(instruction).at(-1);
			const userInstall = instruction.keyword === 'RUN' && pipInstalls(shellScript(instruction)).some(install => install.userInstall);
			if (!userInstall && !/^(?:\/root|~)(?:\/|$)/.test(destination ?? '')) {
				continue;
			}

			findings.push({
				rule: 'home-install',
				severity: 'warning',
				line: instruction.line,
				message: `${userInstall ? 'pip install --user puts packages under /root/.local' : `${destination} is in root's home`}: the build runs as root, but apptainer run runs as the submitting user, who cannot read /root.`,
				fix: userInstall ? 'Drop --user so pip installs system-wide.' : 'Install under /opt or /usr/local instead.',
			});
		}

		return findings;
	},
};
