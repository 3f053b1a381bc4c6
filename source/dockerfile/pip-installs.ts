import {commandWords, simpleCommands} from './shell-words.js';

export type PipRequirement = {name: string; version: string | undefined; localVersion: string | undefined};

export type PipInstall = {
	requirements: PipRequirement[];
	/** `-f`/`--find-links`, `-i`/`--index-url` and `--extra-index-url` values, in order. */
	sources: string[];
	editable: string[];
	requirementFiles: string[];
	/** Local projects and archives installed by path: `.`, `./pkg`, `/workspace`, `dist/x.whl`. */
	localPaths: string[];
	userInstall: boolean;
};

const pipPrograms = /^(?:.*\/)?pip(?:3(?:\.\d+)?)?$/;
const pythonPrograms = /^(?:.*\/)?python(?:3(?:\.\d+)?)?$/;
const optionsWithValue = new Set([
	'-f', '--find-links', '-i', '--index-url', '--extra-index-url', '-r', '--requirement', '-e', '--editable',
	'-c', '--constraint', '-t', '--target', '--prefix', '--root', '--trusted-host', '--platform',
	'--python-version', '--implementation', '--abi', '--src', '--upgrade-strategy', '--progress-bar',
	'--only-binary', '--no-binary', '--cache-dir', '--log', '--proxy', '--timeout', '--retries',
]);

/** Every `pip install` in a RUN command (pip, pip3, python -m pip, uv pip). */
export function pipInstalls(script: string): PipInstall[] {
	const installs: PipInstall[] = [];
	for (const command of simpleCommands(script)) {
		const {words} = commandWords(command);
		const installArguments = pipInstallArguments(words);
		if (installArguments) {
			installs.push(readPipInstall(installArguments));
		}
	}

	return installs;
}

function pipInstallArguments(words: readonly string[]): string[] | undefined {
	const [first, second, third, fourth] = words;
	if (first && pipPrograms.test(first) && second === 'install') {
		return words.slice(2);
	}

	if (first && pythonPrograms.test(first) && second === '-m' && third === 'pip' && fourth === 'install') {
		return words.slice(4);
	}

	if (first === 'uv' && second === 'pip' && third === 'install') {
		return words.slice(3);
	}

	return undefined;
}

function readPipInstall(words: string[]): PipInstall {
	const install: PipInstall = {requirements: [], sources: [], editable: [], requirementFiles: [], localPaths: [], userInstall: false};
	for (let index = 0; index < words.length; index++) {
		const word = words[index]!;
		const [option, inlineValue] = word.startsWith('--') && word.includes('=') ? splitOnce(word, '=') : [word, undefined];
		if (option === '--user') {
			install.userInstall = true;
			continue;
		}

		if (optionsWithValue.has(option)) {
			const value = inlineValue ?? words[++index];
			if (value === undefined) {
				break;
			}

			if (['-f', '--find-links', '-i', '--index-url', '--extra-index-url'].includes(option)) {
				install.sources.push(value);
			} else if (option === '-e' || option === '--editable') {
				install.editable.push(value);
			} else if (option === '-r' || option === '--requirement') {
				install.requirementFiles.push(value);
			}

			continue;
		}

		if (/^-[fier]./.test(word)) {
			// Short option glued to its value: -fURL, -rrequirements.txt.
			const value = word.slice(2);
			if (word[1] === 'f' || word[1] === 'i') {
				install.sources.push(value);
			} else if (word[1] === 'e') {
				install.editable.push(value);
			} else {
				install.requirementFiles.push(value);
			}

			continue;
		}

		if (word.startsWith('-')) {
			continue;
		}

		if (/^[./]/.test(word) || /\.(?:whl|zip|tar\.gz|tgz)$/.test(word) || (word.includes('/') && !word.includes('://') && !word.includes('@'))) {
			install.localPaths.push(word);
			continue;
		}

		const requirement = parseRequirement(word);
		if (requirement) {
			install.requirements.push(requirement);
		}
	}

	return install;
}

export function parseRequirement(specifier: string): PipRequirement | undefined {
	const match = /^([A-Za-z\d][\w.-]*)(?:\[[^\]]*])?\s*(?:(==|~=|>=|<=|>|<|!=)\s*([\w.*]+)(?:\+([\w.]+))?)?/.exec(specifier);
	if (!match || specifier.includes('://') || specifier.startsWith('.') || specifier.startsWith('/')) {
		return undefined;
	}

	const [, name, operator, version, localVersion] = match;
	return {
		name: name!.toLowerCase().replaceAll('_', '-'),
		version: operator === '==' ? version : undefined,
		localVersion,
	};
}

function splitOnce(text: string, separator: string): [string, string] {
	const index = text.indexOf(separator);
	return [text.slice(0, index), text.slice(index + 1)];
}
