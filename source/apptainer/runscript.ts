import type {DefLine} from './def-file.js';
import {quoteCommand, quoteWord} from './shell-quote.js';

/** A CMD or ENTRYPOINT: exec form (a word list) or shell form (one command string). */
export type DockerCommand = {line: number} & ({exec: string[]} | {shell: string});

export type Runscript = {lines: DefLine[]; notes: string[]};

/** The final WORKDIR (a shell word) and the Dockerfile line that set it. */
export type RunscriptWorkdir = {word: string; line: number | undefined};

/**
 * The %runscript that gives `apptainer run IMAGE [ARGS...]` Docker's semantics: CMD is the
 * default and ARGS replace it; an exec-form ENTRYPOINT always runs with CMD or ARGS after it; a
 * shell-form ENTRYPOINT ignores both; shell forms run through SHELL (default /bin/sh -c).
 *
 * The folder rule (README, "conversion"): the image's own program (ENTRYPOINT, or CMD when no
 * arguments are given) runs in the final WORKDIR, as with docker run; a command given in place
 * of CMD runs in the folder apptainer run starts in, since on Rescale outputs must land in the
 * job's working folder.
 */
export function dockerRunscript(entrypoint: DockerCommand | undefined, cmd: DockerCommand | undefined, shell: string[], workdir?: RunscriptWorkdir): Runscript | undefined {
	const usableCmd = cmd && !isEmpty(cmd) ? cmd : undefined;
	const enter: DefLine[] = workdir ? [{text: `cd ${workdir.word}`, source: workdir.line}] : [];
	const folderNote = workdir
		? ` The image's own command first changes to ${workdir.word} (the WORKDIR), as docker run does${usableCmd && !entrypoint ? '; a command given instead of CMD runs in the folder apptainer run starts in, so its outputs land in the job folder' : ''}. The image is read-only, so relative writes from the image's own command fail: write to absolute paths in the job folder.`
		: '';
	if (entrypoint && !isEmpty(entrypoint)) {
		const runscript = 'shell' in entrypoint
			? {
				lines: [...enter, {text: `exec ${shellCommand(entrypoint.shell, shell)}`, source: entrypoint.line}],
				notes: [`ENTRYPOINT uses shell form, so Docker ignores ${usableCmd ? 'CMD and ' : ''}any arguments given to the container; the runscript does the same.`],
			}
			: entrypointRunscript(entrypoint, usableCmd, shell, enter);
		return {lines: runscript.lines, notes: runscript.notes.map(note => `${note}${folderNote}`)};
	}

	if (!usableCmd) {
		return undefined;
	}

	return {
		lines: [
			{text: 'if [ "$#" -gt 0 ]; then', source: usableCmd.line},
			{text: 'exec "$@"', source: usableCmd.line, indent: 1},
			{text: 'fi', source: usableCmd.line},
			...enter,
			{text: `exec ${commandText(usableCmd, shell)}`, source: usableCmd.line},
		],
		notes: [`CMD is the default command: arguments given to apptainer run replace it, as they do with docker run. An ENTRYPOINT that the base image may define is not applied.${folderNote}`],
	};
}

function entrypointRunscript(entrypoint: DockerCommand & {exec: string[]}, cmd: DockerCommand | undefined, shell: string[], enter: DefLine[]): Runscript {
	const defaults = cmd ? ('exec' in cmd ? cmd.exec : [...shell, cmd.shell]) : [];
	const lines: DefLine[] = defaults.length > 0
		? [
			{text: 'if [ "$#" -eq 0 ]; then', source: cmd!.line},
			{text: `set -- ${defaults.map(word => quoteWord(word)).join(' ')}`, source: cmd!.line, indent: 1},
			{text: 'fi', source: cmd!.line},
		]
		: [];
	lines.push(...enter, {text: `exec ${quoteCommand(entrypoint.exec)} "$@"`, source: entrypoint.line});
	return {
		lines,
		notes: [cmd
			? 'ENTRYPOINT always runs; CMD supplies its default arguments, and arguments given to apptainer run replace them, as with docker run.'
			: 'ENTRYPOINT always runs, with the arguments given to apptainer run after it.'],
	};
}

function commandText(command: DockerCommand, shell: string[]): string {
	return 'exec' in command ? quoteCommand(command.exec) : shellCommand(command.shell, shell);
}

function shellCommand(text: string, shell: string[]): string {
	return `${quoteCommand(shell)} ${quoteWord(text.trim())}`;
}

function isEmpty(command: DockerCommand): boolean {
	return 'exec' in command ? command.exec.length === 0 : command.shell.trim() === '';
}
