import type {Finding} from '../finding.js';
import type {Instruction} from '../model.js';
import {pipInstalls} from '../pip-installs.js';
import {copyWords, effectiveInstructions, shellScript} from '../instructions.js';
import {buildHome, userOf} from '../user-home.js';
import {expandWord} from '../words.js';
import {type Rule, type RuleContext} from './rule.js';

export const homeInstallRule: Rule = {
	id: 'home-install',
	check(context) {
		const findings: Finding[] = [];
		for (const stage of context.stages) {
			let user: string | undefined;
			let envHome: string | undefined;
			for (const instruction of effectiveInstructions(stage)) {
				if (instruction.keyword === 'USER') {
					user = userOf(instruction.text);
				} else if (instruction.keyword === 'ENV') {
					envHome = homeFrom(context, instruction) ?? envHome;
				}

				const finding = stage.instructions.includes(instruction) ? check(instruction, buildHome(user, envHome), user) : undefined;
				if (finding) {
					findings.push(finding);
				}
			}
		}

		return findings;
	},
};

function homeFrom(context: RuleContext, instruction: Instruction): string | undefined {
	const property = instruction.properties.find(candidate => candidate.name === 'HOME');
	return property?.rawValue === undefined ? undefined : expandWord(property.rawValue, () => undefined, context.model.escapeChar);
}

function check(instruction: Instruction, home: string | undefined, user: string | undefined): Finding | undefined {
	const userInstall = instruction.keyword === 'RUN' && pipInstalls(shellScript(instruction)).some(install => install.userInstall);
	if (userInstall) {
		if (home === '/root') {
			return warning(instruction, 'pip install --user puts packages under /root/.local: the build runs as root, but apptainer run runs as the submitting user, who cannot read /root.', 'Drop --user so pip installs system-wide.');
		}

		if (home === undefined) {
			return warning(instruction, `pip install --user after USER ${user}: the Dockerfile does not tell that user's home, so the def, which builds as root, installs under /root/.local, which the submitting user cannot read.`, 'Drop --user so pip installs system-wide, or set ENV HOME before this step.');
		}

		return {
			rule: 'home-install',
			severity: 'info',
			line: instruction.line,
			message: `pip install --user puts packages under ${home}/.local: the def sets PYTHONUSERBASE=${home}/.local for the build and at run time, where $HOME is the submitting user's, and makes it readable for every user.`,
		};
	}

	const destination = instruction.keyword === 'WORKDIR' ? instruction.text.trim() : ['COPY', 'ADD'].includes(instruction.keyword) ? copyWords(instruction).at(-1) : undefined;
	if (/^(?:\/root|~)(?:\/|$)/.test(destination ?? '')) {
		return warning(instruction, `${destination} is in root's home: the build runs as root, but apptainer run runs as the submitting user, who cannot read /root.`, 'Install under /opt or /usr/local instead.');
	}

	return undefined;
}

function warning(instruction: Instruction, message: string, fix: string): Finding {
	return {rule: 'home-install', severity: 'warning', line: instruction.line, message, fix};
}
