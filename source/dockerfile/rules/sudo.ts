import {simpleCommands} from '../shell-words.js';
import {effectiveInstructions, shellScript} from '../instructions.js';
import type {ResolvedStage} from '../stages.js';
import {instructionsOf, type Rule} from './rule.js';

const packageManagers = /^(?:apt-get|apt|apk|yum|dnf|microdnf|zypper|conda|mamba|micromamba)$/;

/** Whether SCRIPT installs PACKAGE with a system package manager. */
function installsPackage(script: string, name: string): boolean {
	return simpleCommands(script).some(({words}) => {
		const verb = words.findIndex(word => word === 'install' || word === 'add');
		return packageManagers.test(words[0] ?? '') && verb !== -1 && words.slice(verb + 1).includes(name);
	});
}

export const sudoRule: Rule = {
	id: 'sudo',
	relatesTo: 'DL3004',
	check(context) {
		// A Dockerfile that installs sudo has it: the sudo commands after that install work.
		const installsSudo = new Map<ResolvedStage, boolean>();
		const hasSudo = (stage: ResolvedStage) => installsSudo.get(stage) ?? installsSudo.set(stage, effectiveInstructions(stage).some(instruction => instruction.keyword === 'RUN' && installsPackage(shellScript(instruction), 'sudo'))).get(stage)!;
		return instructionsOf(context, 'RUN')
			.filter(({instruction}) => simpleCommands(shellScript(instruction)).some(command => command.words[0] === 'sudo'))
			.filter(({stage}) => !hasSudo(stage))
			.map(({instruction}) => ({
				rule: 'sudo',
				severity: 'warning' as const,
				line: instruction.line,
				message: 'sudo in RUN: build steps already run as root, and many base images do not have sudo, so the step can fail with "sudo: not found".',
				fix: 'Drop sudo from the command.',
			}));
	},
};
