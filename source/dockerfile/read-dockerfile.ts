import {loadDockerfile, type LoadedDockerfile} from './load.js';
import {hasKnownInstruction, parseDockerfile, type DockerfileModel} from './model.js';
import {UserError} from '../errors.js';

export type ReadDockerfile = LoadedDockerfile & {model: DockerfileModel};

/** Loads and parses PATH, refusing files that contain no Dockerfile instruction at all. */
export async function readDockerfile(target: string): Promise<ReadDockerfile> {
	const loaded = await loadDockerfile(target);
	const model = parseDockerfile(loaded.text);
	if (!hasKnownInstruction(model)) {
		throw new UserError(`${loaded.file}: this does not look like a Dockerfile (no FROM, RUN, COPY... instruction found)`);
	}

	return {...loaded, model};
}
