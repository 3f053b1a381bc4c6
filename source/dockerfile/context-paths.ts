import path from 'node:path/posix';
import {baseImageWorkdir} from './knowledge/base-workdirs.js';
import {copyWords, effectiveInstructions, isUrl, localArchive, rootImage} from './instructions.js';
import type {ResolvedStage} from './stages.js';

/** Where the files a RUN step names came from in the build context, through WORKDIR and COPY/ADD. */
export type ContextMap = {
	/**
	 * Build-context paths (relative, `.` for the context itself) that a path named by the RUN at
	 * `line` may have been copied from, latest copy first. Whether each source was a file or a
	 * folder is unknown here, so both readings are offered; the caller tries to read them.
	 */
	sourcesOf: (imagePath: string, line: number) => string[];
};

type Copy = {line: number; sources: string[]; destination: string; intoDirectory: boolean};

export function contextMap(stage: ResolvedStage): ContextMap {
	const workdirs: Array<{line: number; directory: string}> = [{line: 0, directory: baseImageWorkdir(rootImage(stage)) ?? '/'}];
	const copies: Copy[] = [];
	const workdirAt = (line: number) => workdirs.findLast(change => change.line < line)!.directory;
	for (const instruction of effectiveInstructions(stage)) {
		if (instruction.keyword === 'WORKDIR') {
			workdirs.push({line: instruction.line, directory: path.resolve(workdirAt(instruction.line), instruction.text.trim())});
		}

		const fromImage = instruction.flags.some(flag => flag.name === 'from');
		if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && !fromImage) {
			const words = copyWords(instruction);
			const target = words.at(-1) ?? '';
			const sources = words.slice(0, -1).filter(source => !isUrl(source) && !(instruction.keyword === 'ADD' && localArchive.test(source)));
			copies.push({
				line: instruction.line,
				sources,
				destination: path.resolve(workdirAt(instruction.line), target),
				intoDirectory: target.endsWith('/') || target === '.' || words.length > 2,
			});
		}
	}

	return {
		sourcesOf(imagePath, line) {
			const absolute = path.resolve(workdirAt(line), imagePath);
			const candidates = copies.filter(copy => copy.line < line).reverse().flatMap(copy => copy.sources.flatMap(source => sourcesFor(copy, source, absolute)));
			return [...new Set(candidates)];
		},
	};
}

function sourcesFor(copy: Copy, source: string, absolute: string): string[] {
	const candidates: string[] = [];
	// A folder's contents land in the destination.
	const inside = path.relative(copy.destination, absolute);
	if (!inside.startsWith('..')) {
		candidates.push(path.join(source, inside));
	}

	// A file lands at the destination, or under its own name in a destination folder.
	const fileTarget = copy.intoDirectory ? path.join(copy.destination, path.basename(source)) : copy.destination;
	if (fileTarget === absolute) {
		candidates.push(path.normalize(source));
	}

	return candidates.map(candidate => path.normalize(candidate).replace(/\/$/, '')).filter(candidate => !candidate.startsWith('..'));
}
