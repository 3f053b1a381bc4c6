import path from 'node:path/posix';
import {commandWords, simpleCommands} from '../dockerfile/shell-words.js';

/** What a RUN is known to create or name, by absolute path. */
export type RunPaths = {files: string[]; directories: string[]; mentioned: string[]};

const outputFlags = new Set(['-o', '--output', '--out', '-O']);
const creatingDirectories = new Set(['mkdir']);
const creatingFiles = new Set(['touch']);

/**
 * Reads a RUN's script (run from WORKDIR) for the paths it writes: `-o FILE`/`> FILE` make files,
 * `mkdir DIR` directories, and every absolute path word is "mentioned" (it may be created,
 * moved or removed). `cd` inside the script moves the folder relative words resolve against.
 */
export function pathsARunWrites(script: string, workdir: string): RunPaths {
	const found: RunPaths = {files: [], directories: [], mentioned: []};
	let cwd = workdir;
	for (const command of simpleCommands(script)) {
		const {words} = commandWords(command);
		const resolve = (word: string) => path.resolve(cwd, word);
		for (const word of words.filter(candidate => candidate.startsWith('/'))) {
			found.mentioned.push(word.replace(/\/\*?$/, '') || '/');
		}

		if (words[0] === 'cd' && words[1] && !words[1].startsWith('$')) {
			cwd = resolve(words[1]);
		} else if (creatingDirectories.has(words[0] ?? '')) {
			const created = words.slice(1).filter(word => !word.startsWith('-')).map(word => resolve(word));
			found.directories.push(...created);
			found.mentioned.push(...created);
		} else if (creatingFiles.has(words[0] ?? '')) {
			found.files.push(...words.slice(1).filter(word => !word.startsWith('-')).map(word => resolve(word)));
		}

		words.forEach((word, index) => {
			const next = words[index + 1];
			const inline = /^(?:--output|--out|-o)=(.+)$/.exec(word)?.[1];
			const output = inline ?? ((outputFlags.has(word) || word === '>' || word === '>>') ? next : /^>>?(.+)$/.exec(word)?.[1]);
			if (output && !output.startsWith('$') && !output.startsWith('&')) {
				found.files.push(resolve(output));
				found.mentioned.push(resolve(output));
			}
		});
	}

	return found;
}

/** True when A is B, or one of them is inside the other (the root folder relates to nothing). */
export function pathsOverlap(a: string, b: string): boolean {
	if (a === '/' || b === '/') {
		return false;
	}

	return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}
