import type {Finding} from '../finding.js';
import {commandWords, simpleCommands} from '../shell-words.js';
import {expandWord} from '../words.js';
import {shellScript} from '../instructions.js';
import {type Rule} from './rule.js';

/** Packages that ask questions through debconf unless DEBIAN_FRONTEND=noninteractive. */
const promptingPackages = [
	'tzdata', 'keyboard-configuration', 'console-setup', 'krb5-config', 'krb5-user', 'postfix', 'mysql-server',
	'mariadb-server', 'wireshark', 'tshark', 'iptables-persistent', 'slapd', 'r-base', 'r-base-dev',
	'software-properties-common', 'texlive', 'texlive-full', 'libopencv-dev', 'python3-opencv', 'locales-all',
];

export const aptNoninteractiveRule: Rule = {
	id: 'apt-noninteractive',
	relatesTo: 'DL3014',
	check({stages, model}) {
		const findings: Finding[] = [];
		for (const stage of stages) {
			let frontendSet = false;
			for (const instruction of stage.instructions) {
				if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
					frontendSet ||= instruction.properties.some(property => property.name === 'DEBIAN_FRONTEND'
						&& expandWord(property.rawValue ?? '', () => undefined, model.escapeChar) === 'noninteractive');
					continue;
				}

				if (instruction.keyword !== 'RUN') {
					continue;
				}

				const reasons = new Set<string>();
				let exported = frontendSet;
				for (const command of simpleCommands(shellScript(instruction))) {
					const {assignments, words} = commandWords(command);
					if (words[0] === 'export' && words.includes('DEBIAN_FRONTEND=noninteractive')) {
						exported = true;
					}

					const install = (words[0] === 'apt-get' || words[0] === 'apt' || words[0] === 'aptitude') && words.includes('install');
					if (!install) {
						continue;
					}

					if (!words.some(word => isAssumeYes(word))) {
						reasons.add(`${words[0]} install has no -y, so it stops at 'Do you want to continue? [Y/n]' and the batch build aborts`);
					}

					const frontend = exported || assignments.includes('DEBIAN_FRONTEND=noninteractive');
					const prompting = words.find(word => promptingPackages.includes(word.replace(/[=:].*$/, '')));
					if (!frontend && (prompting ?? !words.includes('--no-install-recommends'))) {
						reasons.add(prompting
							? `${prompting} asks questions (tzdata wants a time zone) unless DEBIAN_FRONTEND=noninteractive is set; the remote build then waits until the walltime runs out, and you pay for it`
							: 'without DEBIAN_FRONTEND=noninteractive, a package pulled in as a recommendation (tzdata is the usual one) can stop the build at a question until the walltime runs out');
					}
				}

				if (reasons.size > 0) {
					findings.push({
						rule: 'apt-noninteractive',
						severity: 'warning',
						line: instruction.line,
						message: `${[...reasons].join('; ')}.`,
						fix: 'Write `apt-get install -y --no-install-recommends ...` and add `ARG DEBIAN_FRONTEND=noninteractive` before it (an ARG does not persist into the image at run time).',
					});
				}
			}
		}

		return findings;
	},
};

function isAssumeYes(word: string): boolean {
	return word === '--yes' || word === '--assume-yes' || word === '-q=2' || /^-[a-z]*y[a-z]*$/.test(word) || /^-[a-z]*qq[a-z]*$/.test(word);
}
