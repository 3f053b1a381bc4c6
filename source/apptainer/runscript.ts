import type {DefLine} from './def-file.js';
import {quoteCommand, quoteWord} from './shell-quote.js';

/** A CMD or ENTRYPOINT: exec form (a word list) or shell form (one command string). */
export type DockerCommand = {line: number} & ({exec: string[]} | {shell: string});

export type Runscript = {lines: DefLine[]; notes: string[]};

/**
 * The %runscript that gives `apptainer run IMAGE [ARGS...]` Docker's semantics: CMD is the
 * default and ARGS replace it; an exec-form ENTRYPOINT always runs with CMD or ARGS after it; a
 * shell-form ENTRYPOINT ignores both; shell forms run through SHELL (default /bin/sh -c).
 */
export function dockerRunscript(entrypoint: DockerCommand | undefined, cmd: DockerCommand | undefined, shell: string[]): Runscript | undefined {
	const usableCmd = cmd && !isEmpty(cmd) ? cmd : undefined;
	if (entrypoint && !isEmpty(entrypoint)) {
		return 'shell' in entrypoint
			? {
				lines: [{text: `exec ${shellCommand(entrypoint.shell, shell)}`, source: entrypoint.line}],
				notes: [`ENTRYPOINT uses shell form, so Docker ignores ${usableCmd ? 'CMD and ' : ''}any arguments given to the container; the runscript does the same.`],
			}
			: entrypointRunscript(entrypoint, usableCmd, shell);
	}

	if (!usableCmd) {
		return undefined;
	}

	return {
		lines: [
			{text: 'if [ "$#" -gt 0 ]; then', source: usableCmd.line},
			{text: 'exec "$@"', source: usableCmd.line, indent: 1},
			{text: 'fi', source: usableCmd.line},
			{text: `exec ${commandText(usableCmd, shell)}`, source: usableCmd.line},
		],
		notes: ['CMD is the default command: arguments given to apptainer run replace it, as they do with docker run. An ENTRYPOINT that the base image may define is not applied.'],
	};
}

function entrypointRunscript(entrypoint: DockerCommand & {exec: string[]}, cmd: DockerCommand | undefined, shell: string[]): Runscript {
	const defaults = cmd ? ('exec' in cmd ? cmd.exec : [...shell, cmd.shell]) : [];
	const lines: DefLine[] = defaults.length > 0
		? [
			{text: 'if [ "$#" -eq 0 ]; then', source: cmd!.line},
			{text: `set -- ${defaults.map(word => quoteWord(word)).join(' ')}`, source: cmd!.line, indent: 1},
			{text: 'fi', source: cmd!.line},
		]
		: [];
	lines.push({text: `exec ${quoteCommand(entrypoint.exec)} "$@"`, source: entrypoint.line});
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
