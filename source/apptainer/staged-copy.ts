import path from 'node:path/posix';
import type {PathKind} from './convert.js';
import {escapeForDoubleQuotes, quoteWord} from './shell-quote.js';

/**
 * Where %files puts what a step needs before %post places it. Apptainer copies every %files entry
 * before %post runs (build.go Build.Full @041bb3bd: copyFilesFrom, %setup, copyFiles, then
 * runPostScript), so a COPY that must happen between two RUN steps, or whose result depends on what
 * the image already holds, goes here first and is placed by %post at the COPY's position.
 */
export const stagingRoot = '/.rescale-apptainer';

/**
 * A path for %post, quoted for sh. `${VAR}` references the Dockerfile could not resolve stay
 * expandable: %post sees the base image's environment, as Docker's build did.
 */
export function shellPath(file: string): string {
	if (!/\$(?:\{\w+\}|\w)/.test(file)) {
		return quoteWord(file);
	}

	return `"${file.split(/(\$\{\w+\}|\$\w+)/).map((part, index) => (index % 2 === 1 ? part : escapeForDoubleQuotes(part))).join('')}"`;
}

/** The staged copy of one COPY source keeps the source's name, so `cp STAGED DIR/` names it right. */
export function stagedPath(step: string, line: number, index: number, source: string): string {
	const name = path.basename(source);
	return `${stagingRoot}/${step}-${line}/${index}/${['', '.', '..'].includes(name) ? 'context' : name}`;
}

/**
 * The %post lines that put STAGED where Docker's COPY would: a folder's contents into DESTINATION;
 * a file into DESTINATION when that is a folder (written with a final slash, or existing), else
 * at DESTINATION. `cp -a` keeps links and modes, as COPY does.
 */
export function placeStaged(staged: string, destination: string, kind: PathKind, intoDirectory: boolean): string[] {
	const from = quoteWord(staged);
	const to = shellPath(destination.replace(/(.)\/+$/, '$1'));
	const folder = `mkdir -p ${to} && cp -a ${quoteWord(`${staged}/.`)} ${to}/`;
	const file = intoDirectory
		? `mkdir -p ${to} && cp -a ${from} ${to}/`
		: `mkdir -p ${shellPath(path.dirname(destination))} && cp -a ${from} ${to}`;
	if (kind === 'directory') {
		return [folder];
	}

	if (kind === 'file') {
		return [file];
	}

	return [`if [ -d ${from} ]; then ${folder}; else ${file}; fi`];
}
