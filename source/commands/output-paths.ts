import path from 'node:path';
import {quoteWord} from '../apptainer/shell-quote.js';
import {UserError} from '../errors.js';
import {pathKind} from '../run/path-kind.js';

/** A path the user named for a command to write: the flag that named it (none for a command's word), what is written there, and what did not happen when it is refused. */
type Target = {flag?: string; path: string; kind: 'file' | 'folder'; nothingDone: string};

/**
 * Refuses, before anything is written or submitted, a path to write whose folder does not exist, or
 * that is of the other kind. The file (or the folder) named is made, never the folders above it: a
 * typo in a path is said, as --report says it, instead of becoming folders.
 */
export function checkWritableTarget({flag, path: target, kind, nothingDone}: Target) {
	const named = flag ? `${flag} ${target}` : target;
	const folder = path.dirname(path.resolve(target));
	const above = pathKind(folder);
	if (above !== 'folder') {
		throw new UserError(`${named}: ${above === 'file' ? `${folder} is a file, not a folder` : `the folder ${folder} does not exist`}; ${nothingDone}`, {
			hint: `${above === 'file' ? 'Name' : `Create it (mkdir -p ${quoteWord(folder)}), or name`} a ${kind} inside a folder that exists.`,
		});
	}

	const existing = pathKind(target);
	if (existing !== undefined && existing !== kind) {
		throw new UserError(`${named}: that is an existing ${existing}, not a ${kind}; ${nothingDone}`, {hint: kind === 'file' ? 'Name a file to write (an existing file is replaced).' : 'Name a new folder, or an existing one.'});
	}
}
