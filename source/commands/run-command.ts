import {UserError} from '../errors.js';
import type {Output} from './output.js';

export type CommandFlags = {json: boolean; output: string | undefined};

const commands: Record<string, (target: string, flags: CommandFlags, output: Output) => Promise<number>> = {
	async validate(target, flags, output) {
		const {validateCommand} = await import('./validate.js');
		return validateCommand(target, flags, output);
	},
	async convert(target, flags, output) {
		const {convertCommand} = await import('./convert.js');
		return convertCommand(target, flags, output);
	},
};

/** Runs one headless command and turns every failure into a short message and an exit code. */
export async function runCommand(
	input: string[],
	flags: CommandFlags,
	showHelp: () => void,
	output: Output = {stdout: process.stdout, stderr: process.stderr},
): Promise<number> {
	const [name, target = '.', ...extra] = input;
	if (name === undefined) {
		showHelp();
		return 0;
	}

	try {
		const command = commands[name];
		if (!command) {
			throw new UserError(`unknown command "${name}"`, {hint: `Commands: ${Object.keys(commands).join(', ')}. See rescale-apptainer --help.`});
		}

		if (extra.length > 0) {
			throw new UserError(`${name} takes one PATH, got ${input.length - 1}: ${input.slice(1).join(' ')}`);
		}

		return await command(target, flags, output);
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
