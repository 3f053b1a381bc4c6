import {parseArgs, type ParseArgsConfig} from 'node:util';

/** Every flag the command line knows, with its type; each command declares which of them it honours. */
export const flagTypes = {
	json: {type: 'boolean'},
	output: {type: 'string', short: 'o'},
	port: {type: 'number'},
	speed: {type: 'number'},
	faults: {type: 'string'},
	state: {type: 'string'},
	apiKey: {type: 'string'},
	platform: {type: 'string'},
	project: {type: 'string'},
	sandbox: {type: 'boolean'},
	out: {type: 'string'},
	yes: {type: 'boolean'},
	fix: {type: 'boolean'},
	force: {type: 'boolean'},
	new: {type: 'boolean'},
	rebuild: {type: 'boolean'},
	stopOnExit: {type: 'boolean'},
	name: {type: 'string'},
	image: {type: 'string'},
	context: {type: 'string'},
	coretype: {type: 'string'},
	cores: {type: 'number'},
	walltime: {type: 'number'},
	lowPriority: {type: 'boolean'},
	requireProject: {type: 'boolean'},
	nodeWithoutSudo: {type: 'boolean'},
	sif: {type: 'string'},
	download: {type: 'string'},
	report: {type: 'string'},
	// On unless --no-smoke-test.
	smokeTest: {type: 'boolean', default: true},
} as const;

export type FlagName = keyof typeof flagTypes;

/** `stopOnExit` -> `stop-on-exit`, as the flag is written. */
function kebab(name: string): string {
	return name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

type ValueOf<T> = T extends {type: 'boolean'} ? boolean : T extends {type: 'number'} ? number | undefined : string | undefined;

/** The parsed flags; booleans are false and values undefined when not given. */
export type CommandFlags = {[Name in FlagName]: ValueOf<(typeof flagTypes)[Name]>};

/** `stopOnExit` -> `--stop-on-exit`; a flag that is on by default is written as its `--no-` form. */
export function flagLabel(name: string): string {
	const onByDefault = name in flagTypes && 'default' in flagTypes[name as FlagName];
	return `--${onByDefault ? 'no-' : ''}${kebab(name)}`;
}

/** A flag as written on the command line (before `--`), in order; its meaning is checked later. */
export type WrittenFlag =
	| {known: false; written: string}
	| {known: true; name: FlagName; written: string; negated: boolean; value: string | undefined};

export type CommandLine = {positionals: string[]; flags: WrittenFlag[]; help: boolean};

const byLongName = new Map(Object.keys(flagTypes).map(name => [kebab(name), name as FlagName]));
const parseOptions: NonNullable<ParseArgsConfig['options']> = {
	help: {type: 'boolean', short: 'h'},
	...Object.fromEntries(Object.entries(flagTypes).map(([name, spec]) => [
		kebab(name),
		{type: spec.type === 'boolean' ? 'boolean' : 'string', ...('short' in spec ? {short: spec.short} : {})},
	])),
};

/** A number as a person writes it (`4`, `0.5`, `-1`, `1e3`); `0x10`, `Infinity` and `` are not. */
export function parseNumber(text: string): number | undefined {
	return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(text) ? Number(text) : undefined;
}

/**
 * Splits argv into positionals and written flags (`-h`/`--help` apart). A flag's value is the next
 * word only if that word does not start with `-` (a negative number for a number flag does): so
 * `-o --cores 4` is an --output without its value, and --cores is still read.
 */
export function readCommandLine(argv: string[]): CommandLine {
	const line: CommandLine = {positionals: [], flags: [], help: false};
	let rest = argv;
	for (;;) {
		// Not strict: unknown flags are reported by the caller, per command.
		const {tokens} = parseArgs({args: rest, options: parseOptions, strict: false, allowPositionals: true, tokens: true});
		const resumeAt = readTokens(tokens, line);
		if (resumeAt === undefined) {
			return line;
		}

		// parseArgs took a `-` word as a value: read again from that word, as a flag or `--`.
		rest = rest.slice(resumeAt);
	}
}

function readTokens(tokens: ReturnType<typeof parseArgs>['tokens'] & {}, line: CommandLine): number | undefined {
	for (const token of tokens) {
		if (token.kind === 'positional') {
			line.positionals.push(token.value);
		} else if (token.kind === 'option' && token.name === 'help') {
			line.help = true;
		} else if (token.kind === 'option') {
			const flag = identify(token.rawName, token.name);
			if (!flag) {
				line.flags.push({known: false, written: token.rawName});
				continue;
			}

			const {value, inlineValue} = token;
			if (value !== undefined && !inlineValue && value.startsWith('-') && !(flagTypes[flag.name].type === 'number' && parseNumber(value) !== undefined)) {
				line.flags.push({known: true, ...flag, written: token.rawName, value: undefined});
				return token.index + 1;
			}

			// `-o=FILE` means FILE, as it did with meow.
			line.flags.push({known: true, ...flag, written: token.rawName, value: inlineValue && !token.rawName.startsWith('--') ? value!.replace(/^=/, '') : value});
		}
	}

	return undefined;
}

/** `--smoke-test`, `--no-smoke-test` (booleans only) and `-o` by their flag; anything else is unknown. */
function identify(rawName: string, name: string): {name: FlagName; negated: boolean} | undefined {
	if (!rawName.startsWith('--')) {
		const flag = byLongName.get(name);
		return flag && {name: flag, negated: false};
	}

	const written = rawName.slice(2);
	const flag = byLongName.get(written);
	if (flag) {
		return {name: flag, negated: false};
	}

	const negated = written.startsWith('no-') ? byLongName.get(written.slice(3)) : undefined;
	return negated && flagTypes[negated].type === 'boolean' ? {name: negated, negated: true} : undefined;
}
