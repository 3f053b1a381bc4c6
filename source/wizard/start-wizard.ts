import {statSync} from 'node:fs';
import path from 'node:path';
import {UserError} from '../errors.js';
import type {WizardFlags} from './default-services.js';
import {drawPreFrame} from './pre-frame.js';
import type {Streams} from './run-wizard.js';
import {symbols} from './theme.js';

/**
 * `rescale-apptainer [wizard] [PATH]`: the five guided steps in the terminal. Without a terminal
 * it points to the headless commands instead of failing on raw mode.
 */
export async function startWizard(target: string | undefined, flags: WizardFlags & {report: string | undefined}, output: Streams): Promise<number> {
	const refusal = wizardRefusal(process.stdin.isTTY && process.stdout.isTTY);
	if (refusal) {
		output.stderr.write(`rescale-apptainer: ${refusal}; without one use the commands validate, convert, build and run (rescale-apptainer --help).\n`);
		return 2;
	}

	// Ink reads CI=false (or 0) as "not CI" and draws live frames, but the colour library reads any CI
	// value as a CI log and turns colours off: it is not CI here, so say so before Ink is loaded.
	if (process.env.CI === 'false' || process.env.CI === '0') {
		delete process.env.CI;
	}

	if (process.env.NO_COLOR !== undefined) {
		process.env.FORCE_COLOR = '0';
	}

	if (flags.report) {
		checkReportFile(flags.report);
	}

	// This module loads nothing heavy: the header is on the screen while Ink, React and the validator load.
	const preFrame = drawPreFrame(process.stdout, process.stdin, `Checking the Dockerfile${symbols.ellipsis}`);
	const {runWizard} = await import('./run-wizard.js');
	return runWizard(target, flags, output, preFrame);
}

/**
 * Why the wizard cannot run here, if it cannot: Ink needs a terminal on both ends, and redraws
 * its frame by moving the cursor, which a dumb terminal cannot do (every frame would pile up).
 */
function wizardRefusal(terminal: boolean, environment: NodeJS.ProcessEnv = process.env): string | undefined {
	if (!terminal) {
		return 'the wizard needs a terminal';
	}

	return environment.TERM === 'dumb' ? 'the wizard needs a terminal that can move the cursor (TERM is dumb)' : undefined;
}

/** The record is written when the session ends: a folder that is not there is said now, not after a paid run. */
function checkReportFile(file: string) {
	const folder = path.dirname(path.resolve(file));
	if (statSync(folder, {throwIfNoEntry: false})?.isDirectory() !== true) {
		throw new UserError(`--report ${file}: the folder ${folder} does not exist`, {hint: 'Create it, or give a file in an existing folder; nothing has started.'});
	}

	if (statSync(file, {throwIfNoEntry: false})?.isDirectory() === true) {
		throw new UserError(`--report ${file} is a folder`, {hint: 'Give the name of a file to write the record to; nothing has started.'});
	}
}
