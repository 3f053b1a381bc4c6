import {condaInstalls, packageName, readEnvironmentFile} from './conda-installs.js';
import {contextMap, type ContextMap} from './context-paths.js';
import {effectiveInstructions, rootImage, shellScript} from './instructions.js';
import {moduleFor} from './knowledge/import-names.js';
import type {DockerfileModel} from './model.js';
import {parseRequirement, pipInstalls, type PipRequirement} from './pip-installs.js';
import {readPythonProject, type ReadContextFile} from './python-project.js';
import {resolveStages, type ResolvedStage} from './stages.js';
import {pytorchImage} from './torch-stack.js';

/** A module the final image should be able to import, and the Dockerfile line that installed it. */
export type InstalledModule = {
	module: string;
	line: number;
	/** The conda environment it went into; undefined for the image's default Python. */
	environment: string | undefined;
};

export type PythonInstalls = {
	modules: InstalledModule[];
	/** Environments pip installed into (for `pip check`), with the first line that did. */
	pipEnvironments: Array<{environment: string | undefined; line: number}>;
};

/**
 * What the final image has in Python: the torch of a pytorch/pytorch base image, then what the
 * RUN steps install: packages named to pip or conda, the requirement and environment files they
 * read, and local projects (`pip install .`, `-e .`), whose name and dependencies come from the
 * build context when `read` can see it. A package pinned again later takes that line; an
 * unpinned mention of one already there (setup.py's `torch` on a torch image) does not.
 */
export function pythonInstalls(model: DockerfileModel, read: ReadContextFile = () => undefined): PythonInstalls {
	const final = resolveStages(model).at(-1);
	const found: PythonInstalls = {modules: [], pipEnvironments: []};
	if (!final) {
		return found;
	}

	const paths = contextMap(final);
	const add = (module: string | undefined, line: number, environment: string | undefined, pinned = true) => {
		const known = found.modules.some(other => other.module === module && other.environment === environment);
		if (module && (pinned || !known)) {
			found.modules = found.modules.filter(other => other.module !== module || other.environment !== environment);
			found.modules.push({module, line, environment});
		}
	};

	if (pytorchImage(rootImage(final))) {
		add('torch', rootStage(final).from.line, undefined);
	}

	const notePip = (environment: string | undefined, line: number) => {
		if (!found.pipEnvironments.some(other => other.environment === environment)) {
			found.pipEnvironments.push({environment, line});
		}
	};

	for (const {line, script} of effectiveInstructions(final).filter(step => step.keyword === 'RUN').map(step => ({line: step.line, script: shellScript(step)}))) {
		const readFromImage = (file: string) => firstReadable(paths, read, file, line);
		for (const install of pipInstalls(script)) {
			notePip(undefined, line);
			const fromFiles = install.requirementFiles.flatMap(file => requirementLines(readFromImage(file)?.text));
			for (const requirement of [...install.requirements, ...fromFiles]) {
				add(moduleFor(requirement.name, 'pip'), line, undefined, requirement.version !== undefined);
			}

			for (const project of [...install.editable, ...install.localPaths].map(local => localProject(paths, read, local, line))) {
				add(project?.module, line, undefined);
				for (const dependency of project?.dependencies ?? []) {
					add(moduleFor(dependency.name, 'pip'), line, undefined, dependency.version !== undefined);
				}
			}
		}

		for (const install of condaInstalls(script)) {
			if (install.kind === 'packages') {
				const fromFiles = install.files.flatMap(file => requirementLines(readFromImage(file)?.text).map(requirement => requirement.name));
				for (const name of [...install.packages, ...fromFiles]) {
					add(moduleFor(name, 'conda'), line, install.environment);
				}

				continue;
			}

			const environmentFile = readFromImage(install.file);
			const declared = environmentFile ? readEnvironmentFile(environmentFile.text) : undefined;
			const environment = install.environment ?? declared?.name;
			if (!declared || environment === undefined) {
				continue;
			}

			for (const name of declared.conda) {
				add(moduleFor(name, 'conda'), line, environment);
			}

			for (const requirement of declared.pip.map(spec => parseRequirement(spec)).filter(Boolean)) {
				add(moduleFor(requirement!.name, 'pip'), line, environment, requirement!.version !== undefined);
				notePip(environment, line);
			}
		}
	}

	return found;
}

function firstReadable(paths: ContextMap, read: ReadContextFile, imagePath: string, line: number): {path: string; text: string} | undefined {
	for (const candidate of paths.sourcesOf(imagePath, line)) {
		const text = read(candidate);
		if (text !== undefined) {
			return {path: candidate, text};
		}
	}

	return undefined;
}

/** The requirements of a requirements.txt (options, comments and URLs left out). */
function requirementLines(text: string | undefined) {
	return (text ?? '').split('\n')
		.map(line => line.replace(/(?:^|\s)#.*$/, '').trim())
		.filter(line => line !== '' && !line.startsWith('-'))
		.map(line => parseRequirement(line))
		.filter(requirement => requirement !== undefined);
}

/**
 * The module of a project installed from a local folder, if its metadata names one and the folder
 * holds it (flat or `src/` layout): a distribution name alone does not say what to import.
 */
function localProject(paths: ContextMap, read: ReadContextFile, local: string, line: number): {module: string | undefined; dependencies: PipRequirement[]} | undefined {
	const folder = local.replace(/\[.*]$/, '');
	for (const candidate of paths.sourcesOf(folder, line)) {
		const project = readPythonProject(read, candidate);
		if (project) {
			const module = moduleFor(packageName(project.name), 'pip');
			const prefix = candidate === '.' ? '' : `${candidate}/`;
			const present = module !== undefined && [`${module}/__init__.py`, `src/${module}/__init__.py`, `${module}.py`, `src/${module}.py`]
				.some(file => read(`${prefix}${file}`) !== undefined);
			return {module: present ? module : undefined, dependencies: project.dependencies};
		}
	}

	return undefined;
}

function rootStage(stage: ResolvedStage): ResolvedStage {
	return stage.parent ? rootStage(stage.parent) : stage;
}
