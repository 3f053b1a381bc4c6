import {simpleCommands} from '../shell-words.js';
import {shellScript} from '../instructions.js';
import {instructionsOf, type Rule} from './rule.js';

export const sudoRule: Rule = {
	id: 'sudo',
	relatesTo: 'DL3004',
	check(context) {
		return instructionsOf(context, 'RUN')
			.filter(({instruction}) => simpleCommands(shellScript(instruction)).some(command => command.words[0] === 'sudo'))
			.map(({instruction}) => ({
				rule: 'sudo',
				severity: 'warning' as const,
				line: instruction.line,
				message: 'sudo in RUN: build steps already run as root, and many base images do not have sudo, so the step can fail with "sudo: not found".',
				fix: 'Drop sudo from the command.',
			}));
	},
};
