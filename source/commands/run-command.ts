import {existsSync} from 'node:fs';
import {UserError} from '../errors.js';
import {asciiSymbols, supportsUnicode} from '../locale.js';
import {RescaleError} from '../rescale/errors.js';
import {commandHelp, commands, findCommand, overviewHelp, type CommandSpec} from './command-table.js';
import {flagLabel, flagTypes, parseNumber, readCommandLine, type CommandFlags, type WrittenFlag} from './flags.js';
import type {Output} from './output.js';
import {describePlatformFailure} from './platform-failure.js';

/**
 * Parses the command line, refuses flags the command does not honour, answers --help, and runs
 * the command, turning every failure into a short message and an exit code.
 */
export async function runCommandLine(argv: string[], given: Output = {stdout: process.stdout, stderr: process.stderr}): Promise<number> {
	const output = supportsUnicode() ? given : {stdout: inAscii(given.stdout), stderr: inAscii(given.stderr)};
	// On Linux, ps and /proc/PID/cmdline then show this instead of the arguments, which may hold --api-key.
	process.title = 'rescale-apptainer';
	try {
		if (argv.length === 1 && argv[0] === '--version') {
			const {default: packageJson} = await import('../../package.json', {with: {type: 'json'}});
			output.stdout.write(`${packageJson.version}\n`);
			return 0;
		}

		// Read with every known flag, so a value given to another command's flag is not read as
		// a PATH; the command's own list decides what is accepted.
		const line = readCommandLine(argv);
		const [name, ...rest] = line.positionals;
		// `rescale-apptainer PATH` is `wizard PATH`, as the usage says: a word that is no command but
		// names a file or folder here is the wizard's PATH (a folder named like a command: ./NAME).
		const pathForWizard = name !== undefined && !findCommand(name) && existsSync(name);
		const command = name === undefined || pathForWizard ? findCommand('wizard')! : findCommand(name);
		const args = pathForWizard ? [name, ...rest] : rest;
		if (line.help) {
			output.stdout.write(command && name !== undefined ? commandHelp(command) : overviewHelp());
			return 0;
		}

		if (!command) {
			throw new UserError(`unknown command "${name}", and no file or folder of that name here`, {hint: `Commands: ${commands.map(spec => spec.name).join(', ')}. See rescale-apptainer --help.`});
		}

		const flags = checkFlags(command, line.flags);
		if (command.paths !== 'command' && args.length > command.paths) {
			throw new UserError(command.paths === 0 ? `${command.name} takes no PATH, got ${args.length} word${args.length === 1 ? '' : 's'} (not shown, in case one is a key)` : command.paths === 1 ? `${command.name} takes one PATH, got ${args.length}: ${args.join(' ')}` : `${command.name} takes at most ${command.paths} words (${command.usage}), got ${args.length}: ${args.join(' ')}`);
		}

		return await command.run(args, flags, output);
	} catch (error) {
		return reportFailure(error, output);
	}
}

/**
 * Unknown flags, flags of other commands, missing values, non-numbers and a value flag given twice
 * with different values are exit-2 errors, before anything happens. Returns the flags' values:
 * booleans false (smokeTest true) and values undefined when not given; of a repeated boolean, the last.
 */
export function checkFlags(command: CommandSpec, written: WrittenFlag[]): CommandFlags {
	const helpLine = (name: string) => command.flags.find(([flag]) => flag === name)?.[1];
	const options = command.flags.length === 0 ? `${command.name} takes no options.` : `Options of ${command.name}: ${command.flags.map(([name]) => flagLabel(name)).join(', ')} (rescale-apptainer ${command.name} --help).`;
	const flags: Record<string, unknown> = Object.fromEntries(Object.entries(flagTypes).map(([name, spec]) => [name, 'default' in spec ? spec.default : spec.type === 'boolean' ? false : undefined]));
	const given = new Map<string, string>();
	for (const flag of written) {
		if (!flag.known) {
			throw new UserError(`unknown option ${flag.written}`, {hint: options});
		}

		const {name, value} = flag;
		if (!helpLine(name)) {
			throw new UserError(`${command.name} does not take ${flagLabel(name)}`, {hint: options});
		}

		const {type} = flagTypes[name];
		if (type === 'boolean') {
			if (value !== undefined) {
				throw new UserError(`${flag.written} takes no value: write it without "="`, {hint: helpLine(name)});
			}

			flags[name] = !flag.negated;
			continue;
		}

		if (type === 'string' && (value === undefined || value.trim() === '')) {
			throw new UserError(`${flagLabel(name)} needs a value`, {hint: helpLine(name)});
		}

		if (type === 'number' && (value === undefined || parseNumber(value) === undefined)) {
			throw new UserError(`${flagLabel(name)} needs a number`, {hint: helpLine(name)});
		}

		const parsed = type === 'number' ? parseNumber(value!) : value;
		// The embedded sandbox of wizard, build and run plays jobs at --speed too: 0 or less never ends a job.
		if (name === 'speed' && !((parsed as number) > 0 && (parsed as number) <= 100_000)) {
			throw new UserError(`--speed ${value}: give how many times faster than real time jobs run, above 0 (e.g. 5)`, {hint: helpLine(name)});
		}

		if (given.has(name) && flags[name] !== parsed) {
			// A key is never repeated back.
			throw new UserError(`${flagLabel(name)} is given twice${name === 'apiKey' ? ' with different values' : `: ${given.get(name)} and ${value}`}`, {hint: 'Give it once.'});
		}

		given.set(name, value!);
		flags[name] = parsed;
	}

	return flags as CommandFlags;
}

function reportFailure(error: unknown, output: Output): number {
	if (error instanceof UserError) {
		output.stderr.write(`rescale-apptainer: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
		return error.exitCode;
	}

	if (error instanceof RescaleError) {
		output.stderr.write(describePlatformFailure(error));
		return error.kind === 'cancelled' ? 130 : 1;
	}

	const message = error instanceof Error ? error.message : String(error);
	output.stderr.write(`rescale-apptainer: internal error: ${message}\nThis is a bug; please report it with the command you ran${process.env.DEBUG ? '' : ' (DEBUG=1 shows details)'}.\n`);
	if (process.env.DEBUG && error instanceof Error) {
		output.stderr.write(`${error.stack ?? ''}\n`);
	}

	return 70;
}

/** The stream, its writes with the program's symbols (✓ ✗ → …) in ASCII: the locale cannot show them. */
function inAscii<Stream extends NodeJS.WritableStream>(stream: Stream): Stream {
	return new Proxy(stream, {
		get(target, property) {
			if (property === 'write') {
				return (chunk: unknown, ...rest: unknown[]) => (target.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? asciiSymbols(chunk) : chunk, ...rest);
			}

			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
