import type {RunPlan} from '../run/pipeline.js';
import type {Finding} from '../dockerfile/finding.js';
import {formatBytes} from '../format.js';

/** The wizard's steps, in order; the header shows where the user is. */
export const steps = [
	{id: 'validate', title: 'Validate the Dockerfile'},
	{id: 'review', title: 'Review the def file'},
	{id: 'key', title: 'API key'},
	{id: 'build', title: 'Build on Rescale'},
	{id: 'run', title: 'Run on a GPU'},
] as const;

export type StepId = (typeof steps)[number]['id'];

export type Connection = {platform: string; label: string; sandbox: boolean};

/** `reused`: an earlier build's image of the same def and context, taken instead of a new build job. */
export type BuiltImage = {id: string; name: string; size: number; job: string; reused?: true};

/**
 * A finished step's result, printed once above the live frame (Ink's <Static>) where it scrolls
 * away like any terminal output: a headline, and details such as the build's timeline.
 */
export type FinishedStep = {id: number; step: StepId; ok: boolean; headline: string; details: string[]};

export type WizardState = {
	step: StepId;
	finished: boolean;
	findings: Finding[];
	/** What the suggested fixes changed in the in-memory Dockerfile. */
	fixes: string[];
	/** The user chose to go on despite errors. */
	override: boolean;
	connection?: Connection;
	image?: BuiltImage;
	/** Jobs submitted in this session: once one exists, going back is not offered. */
	submitted: string[];
	/** The job being followed now, if any: only then does leaving ask whether to stop it. */
	active?: string;
	/** A run an earlier session left in flight: step 5 follows it instead of a new build and run. */
	resume?: RunPlan;
	/** What the finished steps did, oldest first; append-only, as <Static> prints each entry once. */
	history: FinishedStep[];
	/** --sandbox answered step 3: once the sandbox is connected, back and next pass that step by. */
	sandboxFlag: boolean;
};

export type WizardAction =
	/** `result` says in words what the step being left produced, where the state does not know it (step 2). */
	| {type: 'next'; result?: string}
	| {type: 'back'}
	| {type: 'fixed'; findings: Finding[]; fixes: string[]}
	| {type: 'override'}
	| {type: 'connected'; connection: Connection}
	| {type: 'submitted'; job: string}
	| {type: 'built'; image: BuiltImage; timeline?: string[]}
	/** `stopped`: the platform's reason when the job was stopped rather than failing. */
	| {type: 'build-failed'; job: string; timeline: string[]; stopped?: string}
	/** The run ended: its result line and timeline go to the history, the live frame keeps the outcome. */
	| {type: 'ran'; ok: boolean; headline: string; timeline: string[]}
	| {type: 'settled'}
	| {type: 'resume'; plan: RunPlan}
	| {type: 'finished'};

export function initialState(findings: Finding[], {sandboxFlag = false} = {}): WizardState {
	return {step: 'validate', finished: false, findings, fixes: [], override: false, submitted: [], history: [], sandboxFlag};
}

const order = steps.map(step => step.id);

/**
 * The step `by` away. Step 3 is passed by when --sandbox answered it and the sandbox is connected:
 * Esc at step 4 lands on step 2, the last place the user chose something, not on a question the
 * flag answered; Enter there goes on to step 4 with the same sandbox.
 */
function neighbour(state: WizardState, by: 1 | -1): StepId {
	const index = order.indexOf(state.step) + by;
	const answered = order[index] === 'key' && state.sandboxFlag && state.connection?.sandbox === true;
	return order[answered ? index + by : index] ?? state.step;
}

/** Whether the current step has what the next one needs. */
export function canAdvance(state: WizardState): boolean {
	switch (state.step) {
		case 'validate': {
			return state.override || !state.findings.some(finding => finding.severity === 'error');
		}

		case 'review': {
			return true;
		}

		case 'key': {
			return state.connection !== undefined;
		}

		case 'build': {
			return state.image !== undefined;
		}

		case 'run': {
			return false;
		}
	}
}

/**
 * Back is offered until a job has been submitted; after that the remote job is what matters, except
 * from a build that ended without an image (or could not be followed): its job is over or remembered.
 */
export function canGoBack(state: WizardState): boolean {
	const buildOver = state.step === 'build' && state.active === undefined && state.image === undefined;
	return order.indexOf(state.step) > 0 && (state.submitted.length === 0 || buildOver);
}

/** The one-line result of the step being left, from what the state knows (and `result` for step 2). */
function stepResult(state: WizardState, result: string | undefined): string | undefined {
	switch (state.step) {
		case 'validate': {
			const errors = state.findings.filter(finding => finding.severity === 'error').length;
			const others = state.findings.length - errors;
			const found = errors > 0 ? `${errors} error(s) left, continued anyway` : 'no errors';
			return `${found}${others > 0 ? `, ${others} warning(s) and note(s)` : ''}, ${state.fixes.length} fix(es) applied`;
		}

		case 'key': {
			return state.connection ? `connected to ${state.connection.label}` : undefined;
		}

		default: {
			return result;
		}
	}
}

/** Appends an entry, unless the same result of the same step was printed already (left, gone back to, left again unchanged). */
function record(state: WizardState, entry: Omit<FinishedStep, 'id' | 'step'>): FinishedStep[] {
	if (state.history.some(earlier => earlier.step === state.step && earlier.headline === entry.headline)) {
		return state.history;
	}

	return [...state.history, {id: state.history.length, step: state.step, ...entry}];
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
	switch (action.type) {
		case 'next': {
			if (!canAdvance(state)) {
				return state;
			}

			// The build's entry was written when it ended; the others when they are left.
			const headline = state.step === 'build' ? undefined : stepResult(state, action.result);
			const history = headline === undefined ? state.history : record(state, {ok: true, headline, details: []});
			return {...state, history, step: neighbour(state, 1)};
		}

		case 'back': {
			return canGoBack(state) ? {...state, step: neighbour(state, -1)} : state;
		}

		case 'fixed': {
			return {...state, findings: action.findings, fixes: [...state.fixes, ...action.fixes]};
		}

		case 'override': {
			return {...state, override: true};
		}

		case 'connected': {
			return {...state, connection: action.connection};
		}

		case 'submitted': {
			return {...state, submitted: state.submitted.includes(action.job) ? state.submitted : [...state.submitted, action.job], active: action.job};
		}

		case 'settled': {
			return {...state, active: undefined};
		}

		case 'resume': {
			return state.step === 'key' && state.connection ? {...state, step: 'run', resume: action.plan, history: record(state, {ok: true, headline: `${stepResult(state, undefined)}; following the run left in flight`, details: []})} : state;
		}

		case 'built': {
			const {image} = action;
			const headline = image.reused ? `using ${image.name} (${formatBytes(image.size)}, file id ${image.id}), built earlier by job ${image.job}; no new job` : `built ${image.name} (${formatBytes(image.size)}) with job ${image.job}`;
			return {...state, image, history: record(state, {ok: true, headline, details: action.timeline ?? []})};
		}

		case 'build-failed': {
			return {...state, history: record(state, {ok: false, headline: action.stopped === undefined ? `job ${action.job} failed` : `job ${action.job} was stopped (${action.stopped}), no image`, details: action.timeline})};
		}

		case 'ran': {
			return state.step === 'run' ? {...state, history: record(state, {ok: action.ok, headline: action.headline, details: action.timeline})} : state;
		}

		case 'finished': {
			return {...state, finished: true, active: undefined};
		}
	}
}
