import {quoteWord} from '../apptainer/shell-quote.js';

/** The words of a typed command, or why they cannot be taken as they are. */
export type CommandLine = {ok: true; words: string[]} | {ok: false; message: string; hint: string};

/** What only a shell acts on: [pattern, what it is, whether it counts only where a word starts]. */
const shellSyntax: Array<[RegExp, Syntax, boolean]> = [
	[/^(?:&&|\|\||;)/, 'a second command', false],
	[/^\n/, 'a second command', false],
	[/^\|/, 'a pipe', false],
	[/^\d+(?:>>|[<>]&\d*-?|>\||<>|>|<)/, 'a redirection', true],
	[/^(?:&>>?|>>|[<>]&\d*-?|>\||<>|>|<)/, 'a redirection', false],
	[/^&/, 'a background command', false],
	[/^[()]/, 'a subshell', false],
	[/^\$\(\((?:.*?\)\))?/, 'an arithmetic expansion', false],
	[/^(?:\$\(|`)/, 'a command substitution', false],
	[/^#/, 'a comment', true],
	// A lone $, or $ before a space, / or other punctuation, is plain text to sh too.
	[/^\$(?:\{[^}]*\}?|[A-Za-z_]\w*|\d|[?#@*$!-])/, 'a variable', false],
	[/^~[\w.-]*(?=$|[\s/])/, 'a home folder', true],
	[/^(?:[*?]|\[[^\]\s]+\])/, 'a wildcard', false],
];

type Syntax = 'a second command' | 'a pipe' | 'a redirection' | 'a background command' | 'a subshell' | 'an arithmetic expansion' | 'a command substitution' | 'a comment' | 'a variable' | 'a home folder' | 'a wildcard';

/** What a shell turns into something else (a value, a path, file names): fine in the script of `sh -c`, which a shell reads. */
const expansions = new Set<Syntax>(['an arithmetic expansion', 'a variable', 'a home folder', 'a wildcard']);

const shells = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash']);

/**
 * Whether the next word is the script of a shell given -c (`sh -c`, `bash -lc`, `busybox sh -c`,
 * `bash --norc -o pipefail -c`): options so far, one of them holding c.
 */
function scriptComesNext(words: string[]): boolean {
	const program = words[0]?.split('/').at(-1);
	const start = program === 'busybox' && words[1] === 'sh' ? 2 : 1;
	if (!shells.has(start === 2 ? 'sh' : program ?? '')) {
		return false;
	}

	let script = false;
	for (let index = start; index < words.length; index++) {
		const option = /^[-+]([A-Za-z]+)$/.exec(words[index]!)?.[1];
		if (option === undefined) {
			if (!words[index]!.startsWith('--')) {
				return false;
			}
		} else {
			script ||= option.includes('c') && words[index]!.startsWith('-');
			if (option.endsWith('o') || option.endsWith('O')) {
				// -o pipefail: the next word is the option's name.
				index++;
			}
		}
	}

	return script;
}

/** What was found, in words, and what the program gets instead of what a shell would have made of it. */
function described(found: string, what: Syntax): {is: string; gets: string} {
	switch (what) {
		case 'a variable': {
			return {is: 'a variable, expanded only by a shell', gets: `the text ${found}, not its value`};
		}

		case 'a home folder': {
			return {is: 'a home folder, turned into its path only by a shell', gets: `the text ${found}, not the folder's path`};
		}

		case 'an arithmetic expansion': {
			return {is: 'an arithmetic expansion, worked out only by a shell', gets: `the text ${found}, not its value`};
		}

		case 'a wildcard': {
			return {is: 'a wildcard, matched against file names only by a shell', gets: `the text ${found}, not the files it matches`};
		}

		default: {
			return {is: what, gets: `${found === 'a new line' ? 'the next line' : `${found} and the rest`} as arguments`};
		}
	}
}

/**
 * Splits the command typed in the wizard into the words `apptainer run` hands to the image, as sh
 * would (quotes and backslashes), and refuses what only a shell would act on: no shell reads the
 * words, so `; rm -rf /tmp/x` or `> out.txt` would reach the program as arguments.
 */
export function splitCommandLine(line: string): CommandLine {
	const words: string[] = [];
	let word = '';
	let inWord = false;
	const endWord = () => {
		if (inWord) {
			words.push(word);
		}

		word = '';
		inWord = false;
	};

	const needsShell = (found: string, what: Syntax): CommandLine => {
		const {is, gets} = described(found, what);
		// Single-quoted, so the inner shell is the one that reads it.
		const shell = `sh -c ${quoteWord(line.replaceAll('\n', '; '))}`;
		let hint = `If you need a shell, make the command: ${shell}`;
		if (what === 'a wildcard') {
			hint = `To pass it as it is, quote it: ${quoteWord(found)}. For a shell to expand it, make the command: ${shell}`;
		} else if (expansions.has(what)) {
			hint = `A shell expands it if you make the command: ${shell}`;
		}

		return {
			ok: false,
			message: `The command has ${found} (${is}), but no shell runs it: apptainer run hands its words to the image as they are, so ${words[0] ?? 'the program'} would get ${gets}.`,
			hint,
		};
	};

	for (let index = 0; index < line.length; index++) {
		const character = line[index]!;
		const rest = line.slice(index);
		const syntax = shellSyntax.find(([pattern, , atWordStart]) => (!atWordStart || !inWord) && pattern.test(rest));
		if (syntax) {
			const [pattern, what] = syntax;
			const found = pattern.exec(rest)![0];
			if (expansions.has(what) && scriptComesNext(words)) {
				// The script of sh -c: the text reaches a shell as typed, and that shell expands it.
				word += found;
				inWord = true;
				index += found.length - 1;
				continue;
			}

			if (what === 'a wildcard') {
				// The whole word, as the program would get it.
				return needsShell(word + /^[^\s'"\\]*/.exec(rest)![0], what);
			}

			return needsShell(found === '\n' ? 'a new line' : found, what);
		}

		if (character === ' ' || character === '\t') {
			endWord();
		} else if (character === '\\') {
			word += line[index + 1] ?? '\\';
			inWord = true;
			index++;
		} else if (character === "'" || character === '"') {
			const close = closingQuote(line, index);
			if (close === -1) {
				return {ok: false, message: `The command has a ${character} quote that is never closed.`, hint: `Close it, or remove it: quotes only group words, e.g. --name ${character}my run${character}.`};
			}

			const inside = line.slice(index + 1, close);
			const expansion = character === '"' && !scriptComesNext(words) ? expansionIn(inside) : undefined;
			if (expansion) {
				return needsShell(...expansion);
			}

			word += character === '"' ? inside.replaceAll(/\\([\\"$`])/g, '$1') : inside;
			inWord = true;
			index = close;
		} else {
			word += character;
			inWord = true;
		}
	}

	endWord();
	return {ok: true, words};
}

/** The first substitution or variable sh would expand inside double quotes (a backslash keeps the next character). */
function expansionIn(inside: string): [string, Syntax] | undefined {
	for (let index = 0; index < inside.length; index++) {
		if (inside[index] === '\\') {
			index++;
			continue;
		}

		const rest = inside.slice(index);
		const syntax = shellSyntax.find(([pattern, what]) => (what === 'an arithmetic expansion' || what === 'a command substitution' || what === 'a variable') && pattern.test(rest));
		if (syntax) {
			return [syntax[0].exec(rest)![0], syntax[1]];
		}
	}

	return undefined;
}

/** Where the quote opened at `start` closes (a double quote may hold \"), or -1. */
function closingQuote(line: string, start: number): number {
	const quote = line[start]!;
	for (let index = start + 1; index < line.length; index++) {
		if (quote === '"' && line[index] === '\\') {
			index++;
		} else if (line[index] === quote) {
			return index;
		}
	}

	return -1;
}
