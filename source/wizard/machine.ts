import type {RunPlan} from '../run/pipeline.js';
import type {Finding} from '../dockerfile/finding.js';

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

export type BuiltImage = {id: string; name: string; size: number; job: string};

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
};

export type WizardAction =
	| {type: 'next'}
	| {type: 'back'}
	| {type: 'fixed'; findings: Finding[]; fixes: string[]}
	| {type: 'override'}
	| {type: 'connected'; connection: Connection}
	| {type: 'submitted'; job: string}
	| {type: 'built'; image: BuiltImage}
	| {type: 'settled'}
	| {type: 'resume'; plan: RunPlan}
	| {type: 'finished'};

export function initialState(findings: Finding[]): WizardState {
	return {step: 'validate', finished: false, findings, fixes: [], override: false, submitted: []};
}

const order = steps.map(step => step.id);

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

/** Back is offered until a job has been submitted; after that the remote job is what matters. */
export function canGoBack(state: WizardState): boolean {
	return order.indexOf(state.step) > 0 && state.submitted.length === 0;
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
	switch (action.type) {
		case 'next': {
			return canAdvance(state) ? {...state, step: order[order.indexOf(state.step) + 1] ?? state.step} : state;
		}

		case 'back': {
			return canGoBack(state) ? {...state, step: order[order.indexOf(state.step) - 1]!} : state;
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
			return state.step === 'key' && state.connection ? {...state, step: 'run', resume: action.plan} : state;
		}

		case 'built': {
			return {...state, image: action.image};
		}

		case 'finished': {
			return {...state, finished: true, active: undefined};
		}
	}
}
