import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {UserError} from '../errors.js';

export type LoadedDockerfile = {
	/** The Dockerfile path as the user should see it. */
	file: string;
	/** The folder the Dockerfile's COPY/ADD sources are relative to. */
	contextDir: string;
	/** Text with any UTF-8 BOM removed and CRLF/CR line endings turned into LF. */
	text: string;
};

/** Dockerfiles are small; anything larger is almost certainly the wrong file. */
export const maxDockerfileBytes = 4 * 1024 * 1024;

const dockerfileNames = ['Dockerfile', 'dockerfile', 'Containerfile'];

/**
 * Reads a Dockerfile given as a file or as the folder that holds one, and refuses, with one
 * clear line, anything that is not a readable text Dockerfile.
 */
export async function loadDockerfile(target: string): Promise<LoadedDockerfile> {
	const file = await resolveDockerfilePath(target);
	const bytes = await readBytes(file);
	const text = decodeDockerfile(bytes, file);
	return {file, contextDir: path.dirname(file), text};
}

async function resolveDockerfilePath(target: string): Promise<string> {
	const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') {
			throw new UserError(`${target}: no such file or folder`, {
				hint: 'Give the path of a Dockerfile or of the folder that holds it.',
			});
		}

		throw new UserError(`${target}: cannot be read (${error.code ?? error.message})`);
	});
	if (!info.isDirectory()) {
		return target;
	}

	for (const name of dockerfileNames) {
		const candidate = path.join(target, name);
		if (await stat(candidate).then(found => found.isFile(), () => false)) {
			return candidate;
		}
	}

	throw new UserError(`${target}: this folder has no Dockerfile`, {
		hint: 'Run the command in the folder that holds the Dockerfile, or give its path.',
	});
}

async function readBytes(file: string): Promise<Buffer> {
	const info = await stat(file);
	if (!info.isFile()) {
		throw new UserError(`${file}: not a regular file`);
	}

	if (info.size > maxDockerfileBytes) {
		throw new UserError(
			`${file}: ${(info.size / 1024 / 1024).toFixed(1)} MB is far too large for a Dockerfile (limit ${maxDockerfileBytes / 1024 / 1024} MB)`,
			{hint: 'Check that the path names the Dockerfile, not an image or an archive.'},
		);
	}

	return readFile(file).catch((error: NodeJS.ErrnoException) => {
		throw new UserError(`${file}: cannot be read (${error.code ?? error.message})`);
	});
}

export function decodeDockerfile(bytes: Buffer, file: string): string {
	if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
		throw new UserError(`${file}: the file is UTF-16 encoded; save it as UTF-8`);
	}

	if (bytes.includes(0)) {
		throw new UserError(`${file}: this is a binary file, not a Dockerfile`);
	}

	const text = new TextDecoder('utf-8', {fatal: false}).decode(bytes);
	if (countReplacementCharacters(text) > Math.max(3, text.length / 100)) {
		throw new UserError(`${file}: the file is not UTF-8 text, so it cannot be a Dockerfile`);
	}

	const normalized = text.replace(/^\uFEFF/, '').replaceAll(/\r\n?/g, '\n');
	if (normalized.trim() === '') {
		throw new UserError(`${file}: the file is empty`, {hint: 'A Dockerfile needs at least a FROM line.'});
	}

	return normalized;
}

function countReplacementCharacters(text: string): number {
	let count = 0;
	for (const character of text) {
		if (character === '\uFFFD') {
			count++;
		}
	}

	return count;
}
