import {parseRequirement, type PipRequirement} from './pip-installs.js';

/** Reads a file of the build context by its path relative to the context; undefined when missing. */
export type ReadContextFile = (relativePath: string) => string | undefined;

export type PythonProject = {name: string; dependencies: PipRequirement[]};

/**
 * The distribution name and dependencies of the Python project in a context folder, as
 * `pip install .` reads them from pyproject.toml ([project] or [tool.poetry]), setup.cfg
 * ([metadata] / [options]) or setup.py (literal `name=` and `install_requires=[...]`). Only
 * literal values are read: a setup.py that computes them yields what it spells out.
 */
export function readPythonProject(read: ReadContextFile, folder: string): PythonProject | undefined {
	const at = (file: string) => read(folder === '.' || folder === '' ? file : `${folder}/${file}`);
	const sources = [fromPyproject(at('pyproject.toml')), fromSetupCfg(at('setup.cfg')), fromSetupPy(at('setup.py'))];
	const name = sources.map(source => source.name).find(Boolean);
	if (!name) {
		return undefined;
	}

	const dependencies = sources.flatMap(source => source.specifiers)
		.map(specifier => parseRequirement(specifier))
		.filter((requirement): requirement is PipRequirement => requirement !== undefined);
	return {name, dependencies};
}

type Declared = {name: string | undefined; specifiers: string[]};

const nothing: Declared = {name: undefined, specifiers: []};

function fromPyproject(text: string | undefined): Declared {
	if (text === undefined) {
		return nothing;
	}

	const project = section(text, 'project');
	const poetry = section(text, 'tool.poetry');
	const name = tomlString(project, 'name') ?? tomlString(poetry, 'name');
	const listed = /^dependencies\s*=\s*\[([^\]]*)]/m.exec(project)?.[1] ?? '';
	const poetryDependencies = [...section(text, 'tool.poetry.dependencies').matchAll(/^([A-Za-z\d][\w.-]*)\s*=/gm)]
		.map(match => match[1]!)
		.filter(dependency => dependency.toLowerCase() !== 'python');
	return {name, specifiers: [...stringLiterals(listed), ...poetryDependencies]};
}

function fromSetupCfg(text: string | undefined): Declared {
	if (text === undefined) {
		return nothing;
	}

	const name = /^\s*name\s*=\s*(\S+)\s*$/m.exec(section(text, 'metadata'))?.[1];
	const requires = /^install_requires\s*=[ \t]*(.*(?:\n[ \t]+.*)*)/m.exec(section(text, 'options'))?.[1] ?? '';
	return {name, specifiers: requires.split(/[\n;]/).map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#'))};
}

function fromSetupPy(text: string | undefined): Declared {
	if (text === undefined) {
		return nothing;
	}

	const name = /\bname\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
	const requires = /\binstall_requires\s*=\s*\[([^\]]*)]/.exec(text)?.[1] ?? '';
	return {name, specifiers: stringLiterals(requires)};
}

/** The body of a `[name]` TOML table or INI section, up to the next header. */
function section(text: string, table: string): string {
	const header = new RegExp(`^\\[${table.replaceAll('.', String.raw`\.`)}]\\s*$`, 'm').exec(text);
	if (!header) {
		return '';
	}

	const rest = text.slice(header.index + header[0].length);
	return rest.slice(0, rest.search(/^\[/m) === -1 ? undefined : rest.search(/^\[/m));
}

function tomlString(table: string, key: string): string | undefined {
	return new RegExp(`^${key}\\s*=\\s*["']([^"']+)["']`, 'm').exec(table)?.[1];
}

function stringLiterals(text: string): string[] {
	return [...text.matchAll(/["']([^"']+)["']/g)].map(match => match[1]!);
}
