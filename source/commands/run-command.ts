import meow from 'meow';
import {UserError} from '../errors.js';
import {RescaleError} from '../rescale/errors.js';
import {commandHelp, commands, findCommand, overviewHelp, type CommandSpec} from './command-table.js';
import {flagLabel, flagTypes, type CommandFlags} from './flags.js';
import type {Output} from './output.js';
import {describePlatformFailure} from './platform-failure.js';

/**
 * Parses the command line, refuses flags the command does not honour, answers --help, and runs
 * the command, turning every failure into a short message and an exit code.
 */
export async function runCommandLine(
	argv: string[],
	importMeta: ImportMeta,
	output: Output = {stdout: process.stdout, stderr: process.stderr},
): Promise<number> {
	try {
		// Parsed with every known flag, so a value given to another command's flag is not read as
		// a PATH; the command's own list decides what is accepted.
		const cli = meow('', {importMeta, argv, flags: flagTypes, autoHelp: false, allowUnknownFlags: true});
		const [name, ...args] = cli.input;
		const command = name === undefined ? findCommand('wizard')! : findCommand(name);
		const flags = cli.flags as CommandFlags & {help?: boolean; h?: boolean};
		if (flags.help || flags.h) {
			output.stdout.write(command && name !== undefined ? commandHelp(command) : overviewHelp());
			return 0;
		}

		if (!command) {
			throw new UserError(`unknown command "${name}"`, {hint: `Commands: ${commands.map(spec => spec.name).join(', ')}. See rescale-apptainer --help.`});
		}

		checkFlags(command, givenFlags(argv), flags);
		if (command.paths !== 'command' && args.length > command.paths) {
			throw new UserError(command.paths === 0 ? `${command.name} takes no PATH, got: ${args.join(' ')}` : command.paths === 1 ? `${command.name} takes one PATH, got ${args.length}: ${args.join(' ')}` : `${command.name} takes at most ${command.paths} words (${command.usage}), got ${args.length}: ${args.join(' ')}`);
		}

		return await command.run(args, flags, output);
	} catch (error) {
		return reportFailure(error, output);
	}
}

/** The flags written on the command line (not meow's defaults), by their camelCase name, up to `--`. */
function givenFlags(argv: string[]): string[] {
	const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
	return argv.slice(0, end).flatMap(token => {
		if (token.startsWith('--')) {
			const name = token.slice(2).split('=')[0]!.replaceAll(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
			const negated = /^no[A-Z]/.test(name) ? name[2]!.toLowerCase() + name.slice(3) : undefined;
			return [negated !== undefined && negated in flagTypes ? negated : name];
		}

		return /^-[a-zA-Z]+$/.test(token) ? [...token.slice(1)].map(letter => (letter === 'o' ? 'output' : letter)) : [];
	});
}

/** Unknown flags, flags of other commands, missing values and non-numbers are exit-2 errors, before anything happens. */
function checkFlags(command: CommandSpec, given: string[], values: CommandFlags) {
	const helpLine = (name: string) => command.flags.find(([flag]) => flag === name)?.[1];
	const options = command.flags.length === 0 ? `${command.name} takes no options.` : `Options of ${command.name}: ${command.flags.map(([name]) => flagLabel(name)).join(', ')} (rescale-apptainer ${command.name} --help).`;
	for (const name of given) {
		if (!helpLine(name)) {
			throw new UserError(name in flagTypes ? `${command.name} does not take ${flagLabel(name)}` : `unknown option ${name.length === 1 ? `-${name}` : flagLabel(name)}`, {hint: options});
		}

		const {type} = flagTypes[name as keyof typeof flagTypes];
		const value: unknown = values[name as keyof CommandFlags];
		if (type === 'string' && (typeof value !== 'string' || value.trim() === '')) {
			throw new UserError(`${flagLabel(name)} needs a value`, {hint: helpLine(name)});
		}

		if (type === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) {
			throw new UserError(`${flagLabel(name)} needs a number`, {hint: helpLine(name)});
		}
	}
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
