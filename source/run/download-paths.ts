import {createHash} from 'node:crypto';
import {statSync} from 'node:fs';
import path from 'node:path';
import {quoteWord} from '../apptainer/shell-quote.js';
import {UserError} from '../errors.js';
import {pathKind} from './path-kind.js';

/** The longest name part written, in bytes: file systems allow 255, and the temporary name adds to it. */
const maxPartBytes = 200;

/**
 * Refuses, before the session opens or any job is submitted, a `--download` folder that cannot be
 * made: an existing file, or one whose folder does not exist (a typo is said, not made into folders).
 */
export function checkDownloadFolder(folder: string) {
	const named = `--download ${folder}`;
	const example = 'e.g. --download results';
	const above = path.dirname(path.resolve(folder));
	const aboveKind = pathKind(above);
	if (aboveKind !== 'folder') {
		throw new UserError(`${named}: ${aboveKind === 'file' ? `${above} is a file, not a folder` : `the folder ${above} does not exist`}; nothing was submitted`, {
			hint: `${aboveKind === 'file' ? 'Name' : `Create it (mkdir -p ${quoteWord(above)}), or name`} a folder for the output files inside one that exists, ${example}.`,
		});
	}

	if (pathKind(folder) === 'file') {
		throw new UserError(`${named}: that is an existing file, not a folder; nothing was submitted`, {hint: `Name a new or existing folder for the output files, ${example}.`});
	}
}

/**
 * Where each output file is written inside `folder`: the platform's names are data, so `..`, empty
 * parts, NUL and other control characters, and over-long parts are made safe, and a name that clashes
 * with another (a file where another needs a folder, two files at one path, an existing folder) gets a
 * numbered suffix, so every file lands and none overwrites another.
 */
export function downloadPaths(folder: string, names: string[]): string[] {
	const wanted = names.map(name => safeParts(name));
	const folders = new Set(wanted.flatMap(parts => parts.slice(0, -1).map((_part, index) => parts.slice(0, index + 1).join('/'))));
	const taken = new Set<string>();
	return wanted.map(parts => {
		const parent = parts.slice(0, -1);
		const base = parts.at(-1)!;
		let relative = [...parent, base].join('/');
		for (let number = 2; taken.has(relative) || folders.has(relative) || isFolder(path.join(folder, relative)); number++) {
			relative = [...parent, withSuffix(base, number)].join('/');
		}

		taken.add(relative);
		return path.join(folder, ...relative.split('/'));
	});
}

function safeParts(name: string): string[] {
	const parts = name.split(/[/\\]/).map(part => shorten(part.replaceAll(/[\u0000-\u001F\u007F]/g, '_'))).filter(part => part !== '' && part !== '.' && part !== '..');
	return parts.length > 0 ? parts : ['unnamed'];
}

/** A part over the limit keeps its start and extension, with a hash of the whole so two long names stay apart. */
function shorten(part: string): string {
	if (Buffer.byteLength(part) <= maxPartBytes) {
		return part;
	}

	const extension = /\.[\w-]{1,10}$/.exec(part)?.[0] ?? '';
	const hash = createHash('sha256').update(part).digest('hex').slice(0, 8);
	let start = [...part.slice(0, part.length - extension.length)];
	while (Buffer.byteLength(`${start.join('')}-${hash}${extension}`) > maxPartBytes) {
		start = start.slice(0, -1);
	}

	return `${start.join('')}-${hash}${extension}`;
}

function withSuffix(base: string, number: number): string {
	const dot = base.lastIndexOf('.');
	return dot > 0 ? `${base.slice(0, dot)}-${number}${base.slice(dot)}` : `${base}-${number}`;
}

function isFolder(target: string): boolean {
	return statSync(target, {throwIfNoEntry: false})?.isDirectory() ?? false;
}
