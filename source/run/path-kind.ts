import {statSync} from 'node:fs';
import {UserError} from '../errors.js';

/** Whether a path the user named is a file, a folder, or nothing yet; a path that cannot be looked at is refused in words. */
export function pathKind(target: string): 'file' | 'folder' | undefined {
	try {
		const found = statSync(target, {throwIfNoEntry: false});
		return found === undefined ? undefined : found.isDirectory() ? 'folder' : 'file';
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		// A path through a file (file/x) does not exist either.
		if (code === 'ENOTDIR') {
			return undefined;
		}

		throw new UserError(`${target} cannot be looked at (${code ?? String(error)})`, {hint: 'Name a path you can reach, e.g. one under the current folder.', cause: error});
	}
}
