import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {UserError} from '../errors.js';

const marker = '.created-by-rescale-apptainer';

/** Where plans, generated files and the embedded sandbox's state go unless --out says otherwise. */
export const defaultOutDir = '.rescale-apptainer';

/**
 * The folder for generated files (default .rescale-apptainer): created with a marker file, and
 * refused when it exists without one, so the user's own files are never written over.
 */
export function claimOutputFolder(outDir = defaultOutDir): string {
	const folder = path.resolve(outDir);
	if (existsSync(folder) && !existsSync(path.join(folder, marker)) && readdirSync(folder).length > 0) {
		throw new UserError(`${folder} already exists and was not made by rescale-apptainer; not writing into it`, {hint: 'Choose another folder with --out DIR.'});
	}

	mkdirSync(folder, {recursive: true});
	writeFileSync(path.join(folder, marker), 'This folder holds what rescale-apptainer generates (definition files, build scripts, plans, the embedded sandbox); it is safe to delete.\n');
	return folder;
}
