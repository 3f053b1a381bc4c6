/**
 * A small POSIX-shell reader for the rules: it splits a RUN command into simple commands and
 * their words (quotes removed), which is enough to find `pip install`, `apt-get install` and the
 * like. It does not expand anything and never throws.
 */
export type SimpleCommand = {readonly words: readonly string[]};

const separators = new Set([';', '&', '|', '(', ')', '\n']);

/** Every rule and the converter read the same RUN scripts: each is split once (frozen, so shared safely). */
const splitScripts = new Map<string, readonly SimpleCommand[]>();
const remembered = 2000;

export function simpleCommands(script: string): readonly SimpleCommand[] {
	let commands = splitScripts.get(script);
	if (!commands) {
		if (splitScripts.size >= remembered) {
			splitScripts.clear();
		}

		commands = Object.freeze(splitCommands(script).map(command => Object.freeze({words: Object.freeze(command.words)})));
		splitScripts.set(script, commands);
	}

	return commands;
}

function splitCommands(script: string): Array<{words: string[]}> {
	const commands: Array<{words: string[]}> = [];
	let words: string[] = [];
	let word = '';
	let inWord = false;
	const endWord = () => {
		if (inWord) {
			words.push(word);
		}

		word = '';
		inWord = false;
	};

	const endCommand = () => {
		endWord();
		if (words.length > 0) {
			commands.push({words});
		}

		words = [];
	};

	for (let index = 0; index < script.length; index++) {
		const character = script[index]!;
		if (character === '\\') {
			const next = script[index + 1];
			if (next === '\n') {
				index++;
			} else if (next !== undefined) {
				word += next;
				inWord = true;
				index++;
			}

			continue;
		}

		if (character === "'" || character === '"') {
			const close = script.indexOf(character, index + 1);
			const end = close === -1 ? script.length : close;
			word += script.slice(index + 1, end);
			inWord = true;
			index = end;
			continue;
		}

		if (character === '#' && !inWord) {
			const newline = script.indexOf('\n', index);
			index = newline === -1 ? script.length : newline - 1;
			continue;
		}

		if (separators.has(character)) {
			endCommand();
			continue;
		}

		if (character === ' ' || character === '\t') {
			endWord();
			continue;
		}

		word += character;
		inWord = true;
	}

	endCommand();
	return commands;
}

type CommandWords = {readonly assignments: readonly string[]; readonly words: readonly string[]};

const wordsOfCommands = new WeakMap<SimpleCommand, CommandWords>();

/** Drops leading `VAR=value` assignments and wrappers such as `sudo` or `env` (once per command). */
export function commandWords(command: SimpleCommand): CommandWords {
	let found = wordsOfCommands.get(command);
	if (!found) {
		found = readCommandWords(command);
		wordsOfCommands.set(command, found);
	}

	return found;
}

function readCommandWords(command: SimpleCommand): CommandWords {
	let index = 0;
	const assignments: string[] = [];
	while (index < command.words.length) {
		const word = command.words[index]!;
		if (/^[A-Za-z_]\w*=/.test(word)) {
			assignments.push(word);
		} else if (word !== 'sudo' && word !== 'env' && word !== 'exec' && word !== 'time' && word !== 'nohup') {
			break;
		}

		index++;
	}

	return {assignments, words: command.words.slice(index)};
}
