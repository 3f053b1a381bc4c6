import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import type {ReadContextFile} from '../dockerfile/python-project.js';

/** setup.py, requirements and environment files are small; a large file is not one of them. */
const maxContextFileBytes = 1024 * 1024;

/**
 * Reads build-context files for the converter (the smoke test's package names). Synchronous,
 * since conversion is; paths that leave the context, large files and unreadable ones read as missing.
 */
export function contextFileReader(contextDir: string): ReadContextFile {
	const root = path.resolve(contextDir);
	return relativePath => {
		const file = path.resolve(root, relativePath);
		if (file !== root && !file.startsWith(`${root}${path.sep}`)) {
			return undefined;
		}

		try {
			const info = statSync(file);
			return info.isFile() && info.size <= maxContextFileBytes ? readFileSync(file, 'utf8') : undefined;
		} catch {
			return undefined;
		}
	};
}
