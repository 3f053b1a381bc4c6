import path from 'node:path/posix';
import {copyWords, effectiveInstructions, shellScript} from '../dockerfile/instructions.js';
import type {ResolvedStage} from '../dockerfile/stages.js';
import {baseImageWorkdir} from '../dockerfile/knowledge/base-workdirs.js';
import {rootImage} from '../dockerfile/instructions.js';
import type {PathKind} from './convert.js';
import {pathsARunWrites} from './paths-a-run-writes.js';

/**
 * Whether PATH in an earlier stage is a file or a folder, as far as the Dockerfile tells: WORKDIR,
 * `mkdir` and COPY destinations make folders (and every parent of a known path is one); `-o FILE`,
 * `> FILE` and `touch` make files. 'unknown' otherwise; the converter then decides at build time.
 */
export function stagePathKind(stage: ResolvedStage, file: string): PathKind {
	const target = path.resolve('/', file);
	const files = new Set<string>();
	const directories = new Set<string>();
	let workdir = baseImageWorkdir(rootImage(stage)) ?? '/';
	for (const instruction of effectiveInstructions(stage)) {
		if (instruction.keyword === 'WORKDIR' && !instruction.text.includes('$')) {
			workdir = path.resolve(workdir, instruction.text.trim());
			directories.add(workdir);
		} else if (instruction.keyword === 'RUN') {
			const written = pathsARunWrites(shellScript(instruction), workdir);
			written.files.forEach(item => files.add(item));
			written.directories.forEach(item => directories.add(item));
		} else if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
			const destination = copyWords(instruction).at(-1);
			if (destination && !destination.includes('$') && (destination.endsWith('/') || copyWords(instruction).length > 2)) {
				directories.add(path.resolve(workdir, destination));
			}
		}
	}

	if (directories.has(target) || [...files, ...directories].some(known => known.startsWith(`${target}/`))) {
		return 'directory';
	}

	return files.has(target) ? 'file' : 'unknown';
}
