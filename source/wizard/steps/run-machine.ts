import path from 'node:path';
import {longestWalltime} from '../../jobs/hardware.js';
import type {Coretype, RescaleFile} from '../../rescale/types.js';
import type {ImageGpuFacts} from '../../dockerfile/image-gpu-facts.js';
import {splitCommandLine} from '../../run/command-line.js';
import {coretypeMisfit, fittingCoretypes} from '../../run/coretype-fit.js';
import type {RunPlan, RunResult} from '../../run/pipeline.js';
import {resultFiles} from '../../run/result-files.js';

/** Enter is ignored this long after the run confirmation appears: a double Enter must not pay for a job. */
export const confirmDelayMs = 1000;

export const walltimes = [1, 2, 4, 8, 24] as const;

/**
 * The walltimes offered: the usual ones up to the account's maximum (users/me `maxJobHours`, when
 * the platform says it), and that maximum itself when it falls between them. Rescale refuses
 * a job asking for more.
 */
export function walltimeChoices(maxHours?: number): number[] {
	const most = longestWalltime(maxHours);
	if (most === undefined) {
		return [...walltimes];
	}

	const allowed: number[] = walltimes.filter(hours => hours <= most);
	return most < walltimes.at(-1)! && !allowed.includes(most) ? [...allowed, most] : allowed;
}

export type RunChoice = {sif: RescaleFile; coretype: Coretype; cores: number; walltime: number};

/** Fetching a finished run's output files, after `d`: a failure can be tried again. */
export type Download =
	| {state: 'downloading'; folder: string}
	| {state: 'downloaded'; folder: string; files: string[]}
	| {state: 'failed'; folder: string; message: string; hint: string};

export type RunPhase =
	| {name: 'loading'}
	| {name: 'sif'}
	| {name: 'coretype'; sif: RescaleFile}
	| {name: 'cores'; sif: RescaleFile; coretype: Coretype}
	| {name: 'walltime'; sif: RescaleFile; coretype: Coretype; cores: number}
	| {name: 'command'; choice: RunChoice}
	/** `words`: the command as `apptainer run` hands it to the image. */
	| {name: 'checking'; choice: RunChoice; words: string[]}
	| {name: 'confirm'; choice: RunChoice; plan: RunPlan; shownAt: number}
	| {name: 'running'; plan: RunPlan; startedAt: number}
	| {name: 'done'; plan: RunPlan; result: RunResult; startedAt: number; finishedAt: number; download?: Download}
	| {name: 'error'; message: string; hint: string; back?: RunPhase};

export type RunState = {
	phase: RunPhase;
	images: RescaleFile[];
	coretypes: Coretype[];
	/** The walltimes the account may ask for. */
	walltimes: number[];
	/** The command as the user last wrote it: a refused command comes back for editing, not reset. */
	command: string | undefined;
};

export type RunEvent =
	| {type: 'loaded'; images: RescaleFile[]; coretypes: Coretype[]; maxHours?: number}
	| {type: 'sif'; sif: RescaleFile}
	/** `facts`: the image's torch and CUDA, as the coretype list marks them (a misfit is refused at once). */
	| {type: 'coretype'; coretype: Coretype; facts?: ImageGpuFacts}
	| {type: 'cores'; cores: number}
	| {type: 'walltime'; walltime: number}
	| {type: 'command'; command: string}
	| {type: 'checked'; plan: RunPlan; at: number}
	| {type: 'failed'; message: string; hint: string}
	/** The check refused the coretype: the image cannot use its GPU (`fits`: the ones it can). */
	| {type: 'misfit'; message: string; fits: Coretype[]}
	| {type: 'finished'; result: RunResult; at: number}
	| {type: 'enter'; at: number}
	/** `command`: the field's text when Esc leaves it, kept unchecked so coming back shows it. */
	| {type: 'escape'; command?: string}
	| {type: 'download'; folder: string}
	| {type: 'downloaded'; files: string[]}
	| {type: 'downloadFailed'; message: string; hint: string};

/**
 * Where `d` puts a job's output files: `rescale-outputs/<job id>` next to the tool's output folder,
 * so `./rescale-outputs/<job id>` in the current folder by default.
 */
export function outputsFolder(outDir: string, job: string): string {
	return path.join(path.dirname(path.resolve(outDir)), 'rescale-outputs', job);
}

/** Enter ends the step after the run, but not while its files download (that would cut them off). */
export function finishable(phase: RunPhase): phase is Extract<RunPhase, {name: 'done'}> {
	return phase.name === 'done' && phase.download?.state !== 'downloading';
}

/** The files `d` would download: the run's outputs, never its inputs (the image). */
export function downloadable(phase: RunPhase): number {
	return phase.name === 'done' ? resultFiles(phase.result.outputs, phase.plan.sif).length : 0;
}

/** Step 5 starts by listing images and coretypes, or, for a run left in flight, by following it. */
export function initialRunState(resume?: RunPlan, now = Date.now()): RunState {
	return {phase: resume ? {name: 'running', plan: resume, startedAt: now} : {name: 'loading'}, images: [], coretypes: [], walltimes: [...walltimes], command: undefined};
}

/** The phase Esc goes back to, if any. */
function previous(phase: RunPhase): RunPhase | undefined {
	switch (phase.name) {
		case 'coretype': {
			return {name: 'sif'};
		}

		case 'cores': {
			return {name: 'coretype', sif: phase.sif};
		}

		case 'walltime': {
			return {name: 'cores', sif: phase.sif, coretype: phase.coretype};
		}

		case 'command': {
			return {name: 'walltime', sif: phase.choice.sif, coretype: phase.choice.coretype, cores: phase.choice.cores};
		}

		case 'confirm': {
			return {name: 'command', choice: phase.choice};
		}

		case 'error': {
			return phase.back;
		}

		default: {
			return undefined;
		}
	}
}

/** The wizard has no --force: a job that cannot run is never submitted, another coretype is chosen. */
function misfitRefusal(message: string, fits: Coretype[], sif: RescaleFile): RunPhase {
	return {name: 'error', message, hint: `A job on it would fail at its first CUDA kernel, so the wizard does not submit it. ${fittingCoretypes(fits)}`, back: {name: 'coretype', sif}};
}

export function runReducer(state: RunState, event: RunEvent): RunState {
	const {phase} = state;
	const to = (next: RunPhase): RunState => ({...state, phase: next});
	switch (event.type) {
		case 'loaded': {
			return phase.name === 'loading' ? {...state, phase: {name: 'sif'}, images: event.images, coretypes: event.coretypes, walltimes: walltimeChoices(event.maxHours)} : state;
		}

		case 'sif': {
			return phase.name === 'sif' ? to({name: 'coretype', sif: event.sif}) : state;
		}

		case 'coretype': {
			if (phase.name !== 'coretype') {
				return state;
			}

			const misfit = coretypeMisfit(event.facts, event.coretype, state.coretypes);
			return misfit ? to(misfitRefusal(misfit.message, misfit.fits, phase.sif)) : to({name: 'cores', sif: phase.sif, coretype: event.coretype});
		}

		case 'cores': {
			return phase.name === 'cores' ? to({name: 'walltime', sif: phase.sif, coretype: phase.coretype, cores: event.cores}) : state;
		}

		case 'walltime': {
			return phase.name === 'walltime' ? to({name: 'command', choice: {sif: phase.sif, coretype: phase.coretype, cores: phase.cores, walltime: event.walltime}}) : state;
		}

		case 'command': {
			if (phase.name !== 'command') {
				return state;
			}

			// What only a shell would read is refused here, before the check asks the platform anything.
			const line = splitCommandLine(event.command);
			return {...state, command: event.command, phase: line.ok ? {name: 'checking', choice: phase.choice, words: line.words} : {name: 'error', message: line.message, hint: line.hint, back: phase}};
		}

		case 'checked': {
			return phase.name === 'checking' ? to({name: 'confirm', choice: phase.choice, plan: event.plan, shownAt: event.at}) : state;
		}

		case 'failed': {
			// A refused command goes back to the field with the user's text; other failures end the step.
			const back: RunPhase | undefined = phase.name === 'checking' ? {name: 'command', choice: phase.choice} : undefined;
			return phase.name === 'error' || phase.name === 'done' ? state : to({name: 'error', message: event.message, hint: event.hint, back});
		}

		case 'misfit': {
			// The check reads the image's plan again: a build that finished meanwhile may have changed its facts.
			return phase.name === 'checking' ? to(misfitRefusal(event.message, event.fits, phase.choice.sif)) : state;
		}

		case 'finished': {
			return phase.name === 'running' ? to({name: 'done', plan: phase.plan, result: event.result, startedAt: phase.startedAt, finishedAt: event.at}) : state;
		}

		case 'enter': {
			if (phase.name === 'confirm') {
				return event.at - phase.shownAt < confirmDelayMs ? state : to({name: 'running', plan: phase.plan, startedAt: event.at});
			}

			return phase.name === 'error' && phase.back ? to(phase.back) : state;
		}

		case 'escape': {
			const back = previous(phase);
			if (!back) {
				return state;
			}

			return phase.name === 'command' && event.command !== undefined ? {...state, phase: back, command: event.command} : to(back);
		}

		case 'download': {
			// Once at a time; again only after a failure.
			const again = phase.name === 'done' && (phase.download === undefined || phase.download.state === 'failed');
			return again && downloadable(phase) > 0 ? to({...phase, download: {state: 'downloading', folder: event.folder}}) : state;
		}

		case 'downloaded': {
			return phase.name === 'done' && phase.download?.state === 'downloading' ? to({...phase, download: {state: 'downloaded', folder: phase.download.folder, files: event.files}}) : state;
		}

		case 'downloadFailed': {
			return phase.name === 'done' && phase.download?.state === 'downloading' ? to({...phase, download: {state: 'failed', folder: phase.download.folder, message: event.message, hint: event.hint}}) : state;
		}
	}
}
