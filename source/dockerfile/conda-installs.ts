import {commandWords, simpleCommands} from './shell-words.js';

/** A `conda`/`mamba`/`micromamba` command that puts packages into an environment. */
export type CondaInstall =
	| {kind: 'packages'; environment: string | undefined; packages: string[]; files: string[]}
	| {kind: 'environment-file'; environment: string | undefined; file: string};

const condaPrograms = /^(?:.*\/)?(?:conda|mamba|micromamba)$/;
const optionsWithValue = new Set(['-n', '--name', '-p', '--prefix', '-c', '--channel', '--file', '-f', '--solver', '--repodata-fn']);

/**
 * Every conda install in a RUN command: `conda install|create [-n ENV] PKG...` and `conda env
 * create|update [-f FILE] [-n ENV]`. `environment` is undefined for the base environment; commands
 * on a `-p PREFIX` environment are left out, since nothing can name it for `conda run -n`.
 */
export function condaInstalls(script: string): CondaInstall[] {
	return simpleCommands(script).flatMap((command): CondaInstall[] => {
		const {words} = commandWords(command);
		if (!condaPrograms.test(words[0] ?? '')) {
			return [];
		}

		const isEnvironmentFile = words[1] === 'env' && (words[2] === 'create' || words[2] === 'update');
		const subcommand = isEnvironmentFile ? 'env' : words[1];
		if (subcommand !== 'env' && subcommand !== 'install' && subcommand !== 'create') {
			return [];
		}

		const {options, operands} = readOptions(words.slice(isEnvironmentFile ? 3 : 2));
		if (options.has('-p') || options.has('--prefix')) {
			return [];
		}

		const environment = options.get('-n') ?? options.get('--name');
		if (isEnvironmentFile) {
			return [{kind: 'environment-file', environment, file: options.get('-f') ?? options.get('--file') ?? 'environment.yml'}];
		}

		if (subcommand === 'create' && environment === undefined) {
			return [];
		}

		const files = [options.get('--file'), options.get('-f')].filter((file): file is string => file !== undefined);
		return [{kind: 'packages', environment, packages: operands.map(spec => packageName(spec)), files}];
	});
}

function readOptions(words: string[]): {options: Map<string, string>; operands: string[]} {
	const options = new Map<string, string>();
	const operands: string[] = [];
	for (let index = 0; index < words.length; index++) {
		const word = words[index]!;
		const [option, inline] = word.startsWith('--') && word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
		if (optionsWithValue.has(option)) {
			options.set(option, inline ?? words[++index] ?? '');
		} else if (!word.startsWith('-')) {
			operands.push(word);
		}
	}

	return {options, operands};
}

/** `conda-forge::numpy>=1.2` -> `numpy`. */
export function packageName(spec: string): string {
	return spec.replace(/^.*::/, '').split(/[=<>!\s[]/)[0]!.toLowerCase();
}

/** The `name:` and the conda and pip dependencies of an environment.yml. */
export function readEnvironmentFile(text: string): {name: string | undefined; conda: string[]; pip: string[]} {
	const name = /^name:\s*["']?([^"'\s#]+)/m.exec(text)?.[1];
	const conda: string[] = [];
	const pip: string[] = [];
	const lines = text.split('\n');
	const start = lines.findIndex(line => /^dependencies:\s*$/.test(line));
	let itemIndent: number | undefined;
	let inPip = false;
	for (const line of start === -1 ? [] : lines.slice(start + 1)) {
		if (/^\S/.test(line)) {
			break;
		}

		const item = /^(\s*)-\s*["']?([^"'#]*?)["']?\s*(?:#.*)?$/.exec(line);
		if (!item) {
			continue;
		}

		const [, indent, value] = item as unknown as [string, string, string];
		itemIndent ??= indent.length;
		if (indent.length === itemIndent) {
			inPip = value === 'pip:';
			if (!inPip) {
				conda.push(packageName(value));
			}
		} else if (inPip) {
			pip.push(value);
		}
	}

	return {name, conda, pip};
}
