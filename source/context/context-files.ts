import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import type {PathKind} from '../apptainer/convert.js';
import type {ReadContextFile} from '../dockerfile/python-project.js';
import {contextFileReader} from './context-file-reader.js';

export type ContextFile = {path: string; size: number};

/**
 * The files of a build context that `docker build` would send: every file below `root` except
 * those .dockerignore excludes (Docker's own matching: `*` stays in one folder, `!` can re-include
 * files under an excluded folder) and the `skip` folders (our own output).
 */
export function contextFiles(root: string, skip: string[] = []): ContextFile[] {
	const files = [...includedFiles(root, dockerignoreMatcher(root), skipFolders(root, skip))];
	return files.sort((a, b) => a.path.localeCompare(b.path));
}

type Matcher = ReturnType<typeof dockerignoreMatcher>;

function skipFolders(root: string, skip: string[]): Set<string> {
	return new Set(skip.map(folder => path.relative(root, folder).split(path.sep).join('/')).filter(folder => folder !== '' && !folder.startsWith('..')));
}

/** The files below `from` (relative to the context root) that the context sends. */
function * includedFiles(root: string, matcher: Matcher, skipped: Set<string>, from = ''): Generator<ContextFile> {
	for (const entry of readdirSync(path.join(root, from), {withFileTypes: true})) {
		const child = from === '' ? entry.name : `${from}/${entry.name}`;
		if (skipped.has(child)) {
			continue;
		}

		if (entry.isDirectory()) {
			yield * includedFiles(root, matcher, skipped, child);
		} else if ((entry.isFile() || entry.isSymbolicLink()) && !matcher.ignores(child)) {
			yield {path: child, size: entry.isFile() ? statSync(path.join(root, child)).size : 0};
		}
	}
}

/** Docker's own .dockerignore matching for the context at `root` (matches nothing without one). */
function dockerignoreMatcher(root: string) {
	const ignoreFile = path.join(root, '.dockerignore');
	// A CommonJS package typed as ESM: its default export is reached as `.default` (it points to itself).
	return dockerignore.default({ignorecase: false}).add(existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8') : '');
}

/** What the converter may ask about the build context, answered as `docker build` would see it. */
export type ContextView = {
	/** What a COPY source is; a path .dockerignore excludes (or our own output folder) is missing. */
	pathKind: (relativePath: string) => PathKind;
	hasDockerignore: boolean;
	/** A small text file of the context (setup.py, requirements...), undefined when it is not sent. */
	readFile: ReadContextFile;
	/** Every file the context sends (relative, '/'-separated), listed once when first asked for. */
	files: () => readonly string[];
};

/** Answers per path (no walk of the whole context), honouring .dockerignore and the `skip` folders. */
export function contextView(root: string, skip: string[] = []): ContextView {
	const hasDockerignore = existsSync(path.join(root, '.dockerignore'));
	const matcher = dockerignoreMatcher(root);
	const skipped = skipFolders(root, skip);
	const read = contextFileReader(root);
	let files: string[] | undefined;
	const view: ContextView = {
		hasDockerignore,
		files: () => {
			files ??= [...includedFiles(root, matcher, skipped)].map(file => file.path);
			return files;
		},
		readFile: relativePath => (view.pathKind(relativePath) === 'file' ? read(relativePath) : undefined),
		pathKind(relativePath) {
			if (/[*?[]/.test(relativePath)) {
				return 'unknown';
			}

			const relative = path.relative(root, path.resolve(root, relativePath)).split(path.sep).join('/');
			const absolute = path.join(root, relative);
			if (relative.startsWith('..') || !existsSync(absolute) || [...skipped].some(folder => relative === folder || relative.startsWith(`${folder}/`))) {
				return 'missing';
			}

			if (!statSync(absolute).isDirectory()) {
				return matcher.ignores(relative) ? 'missing' : 'file';
			}

			// An excluded folder still arrives when a `!` pattern re-includes something below it.
			const arrives = relative === '' || !matcher.ignores(relative) || !includedFiles(root, matcher, skipped, relative).next().done;
			return arrives ? 'directory' : 'missing';
		},
	};
	return view;
}
