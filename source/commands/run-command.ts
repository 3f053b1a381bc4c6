import {UserError} from '../errors.js';
import type {Output} from './output.js';

export type CommandFlags = {
	json: boolean;
	output: string | undefined;
	port: number | undefined;
	speed: number | undefined;
	faults: string | undefined;
	state: string | undefined;
	apiKey: string | undefined;
	platform: string | undefined;
	sandbox: boolean;
	out: string | undefined;
	yes: boolean;
	fix: boolean;
	force: boolean;
	new: boolean;
	stopOnExit: boolean;
	name: string | undefined;
	image: string | undefined;
	context: string | undefined;
	coretype: string | undefined;
	cores: number | undefined;
	walltime: number | undefined;
	sif: string | undefined;
	download: string | undefined;
	report: string | undefined;
};

/** `paths`: how many positional words the command takes ('command' for `run`: all of them). */
type Command = {paths: 0 | 1 | 'command'; run: (args: string[], flags: CommandFlags, output: Output) => Promise<number>};

const commands: Record<string, Command> = {
	validate: {
		paths: 1,
		async run([target = '.'], flags, output) {
			const {validateCommand} = await import('./validate.js');
			return validateCommand(target, flags, output);
		},
	},
	convert: {
		paths: 1,
		async run([target = '.'], flags, output) {
			const {convertCommand} = await import('./convert.js');
			return convertCommand(target, flags, output);
		},
	},
	sandbox: {
		paths: 0,
		async run(_args, flags, output) {
			const {sandboxCommand} = await import('./sandbox.js');
			return sandboxCommand(flags, output);
		},
	},
	login: {
		paths: 0,
		async run(_args, flags, output) {
			const {loginCommand} = await import('./login.js');
			return loginCommand(flags, output);
		},
	},
	logout: {
		paths: 0,
		async run(_args, _flags, output) {
			const {logoutCommand} = await import('./login.js');
			return logoutCommand(output);
		},
	},
	build: {
		paths: 1,
		async run([target], flags, output) {
			const {buildCommand} = await import('./build.js');
			return buildCommand(target, flags, output);
		},
	},
	wizard: {
		paths: 1,
		async run([target], flags, output) {
			const {wizardCommand} = await import('./wizard.js');
			return wizardCommand(target, flags, output);
		},
	},
	run: {
		paths: 'command',
		async run(args, flags, output) {
			const {runCommandLine} = await import('./run.js');
			return runCommandLine(args, flags, output);
		},
	},
};

/** Runs one headless command and turns every failure into a short message and an exit code. */
export async function runCommand(
	input: string[],
	flags: CommandFlags,
	output: Output = {stdout: process.stdout, stderr: process.stderr},
): Promise<number> {
	const [name = 'wizard', ...args] = input;

	try {
		const command = commands[name];
		if (!command) {
			throw new UserError(`unknown command "${name}"`, {hint: `Commands: ${Object.keys(commands).join(', ')}. See rescale-apptainer --help.`});
		}

		if (command.paths !== 'command' && args.length > command.paths) {
			throw new UserError(command.paths === 0 ? `${name} takes no PATH, got: ${args.join(' ')}` : `${name} takes one PATH, got ${args.length}: ${args.join(' ')}`);
		}

		return await command.run(args, flags, output);
	} catch (error) {
		return reportFailure(error, output);
	}
}

function reportFailure(error: unknown, output: Output): number {
	if (error instanceof UserError) {
		output.stderr.write(`rescale-apptainer: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
		return error.exitCode;
	}

	const message = error instanceof Error ? error.message : String(error);
	output.stderr.write(`rescale-apptainer: internal error: ${message}\nThis is a bug; please report it with the command you ran${process.env.DEBUG ? '' : ' (DEBUG=1 shows details)'}.\n`);
	if (process.env.DEBUG && error instanceof Error) {
		output.stderr.write(`${error.stack ?? ''}\n`);
	}

	return 70;
}
