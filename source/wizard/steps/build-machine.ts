import type {EarlierImage} from '../../image-build/earlier-image.js';
import type {BuildResult} from '../../image-build/pipeline.js';
import type {BuildPlan} from '../../image-build/plan.js';
import {confirmDelayMs} from './run-machine.js';

/**
 * A build of the same image name that an earlier session left in flight for another plan (another
 * def, context or hardware). `plan` is known when this output folder submitted it; only then can
 * it be followed from here.
 */
export type EarlierBuild = {jobId: string; planKey: string; savedAt: string; plan?: BuildPlan; differences: string[]};

/** The plan's def and context were built already and the image is still there: use it, or build again (`earlier`: a conflict to show then). */
export type ReusePhase = {name: 'reuse'; plan: BuildPlan; image: EarlierImage; earlier?: EarlierBuild; shownAt: number};

export type BuildPhase =
	| {name: 'planning'}
	/**
	 * `shownAt`: keys that come sooner are typed ahead, not a choice made with the plan and its cost in view.
	 * `whyNewBuild`: an image was built earlier from this def and context, but is gone or could not be checked (in one line).
	 * `offered`: the earlier image this plan was reached from (by b): Esc goes back to it.
	 */
	| {name: 'plan'; plan: BuildPlan; shownAt: number; whyNewBuild?: string; offered?: ReusePhase}
	/** Another def of this Dockerfile is being built: nothing is submitted until the user chooses. */
	| {name: 'conflict'; plan: BuildPlan; earlier: EarlierBuild; shownAt: number; whyNewBuild?: string; offered?: ReusePhase}
	| ReusePhase
	/** `plan` is what is being built: this session's, or (`followed`) the earlier one followed again. */
	| {name: 'running'; plan: BuildPlan; startedAt: number; followed?: true}
	| {name: 'done'; plan: BuildPlan; result: BuildResult; startedAt: number; finishedAt: number}
	/** `remembered`: the job still remembered for the plan being built (its outputs were late, say): Enter looks again. */
	| {name: 'error'; message: string; hint: string; remembered?: string};

export type BuildState = {
	phase: BuildPhase;
	/**
	 * Set once the step is over: the component hands control back to the wizard. `again`: the step
	 * starts afresh (a new plan after a failed build); `follow`: afresh, following the remembered job.
	 */
	leave?: 'back' | 'next' | 'again' | 'follow';
};

export type BuildEvent =
	/**
	 * `follow`: the user asked to look again at this plan's remembered job: it is followed without asking twice.
	 * `reusable`: the image an earlier build made from this def and context, still on the platform.
	 */
	| {type: 'planned'; plan: BuildPlan; earlier?: EarlierBuild; at: number; follow?: boolean; reusable?: EarlierImage; whyNewBuild?: string}
	| {type: 'failed'; message: string; hint: string; remembered?: string}
	| {type: 'enter'; at: number}
	/** In a conflict: follow the earlier build instead of submitting this one. */
	| {type: 'follow'; at: number}
	/** In a conflict: submit this build as well, knowing the earlier one runs on. Offered an earlier image: show the plan of a new build instead. */
	| {type: 'build-too'; at: number}
	| {type: 'escape'}
	| {type: 'finished'; result: BuildResult; at: number};

export const initialBuildState: BuildState = {phase: {name: 'planning'}};

export function buildReducer(state: BuildState, event: BuildEvent): BuildState {
	const {phase} = state;
	if (state.leave) {
		return state;
	}

	const to = (next: BuildPhase): BuildState => ({phase: next});
	// Enter mashed while the plan was prepared must not pay for a build whose cost was never drawn.
	const tooSoon = (at: number) => (phase.name === 'plan' || phase.name === 'conflict' || phase.name === 'reuse') && at - phase.shownAt < confirmDelayMs;
	const whyNewBuild = event.type === 'planned' && event.whyNewBuild !== undefined ? {whyNewBuild: event.whyNewBuild} : {};
	switch (event.type) {
		case 'planned': {
			if (phase.name !== 'planning') {
				return state;
			}

			if (event.follow) {
				return to({name: 'running', plan: event.plan, startedAt: event.at, followed: true});
			}

			if (event.reusable) {
				return to({name: 'reuse', plan: event.plan, image: event.reusable, ...(event.earlier ? {earlier: event.earlier} : {}), shownAt: event.at});
			}

			return to(event.earlier ? {name: 'conflict', plan: event.plan, earlier: event.earlier, shownAt: event.at, ...whyNewBuild} : {name: 'plan', plan: event.plan, shownAt: event.at, ...whyNewBuild});
		}

		case 'failed': {
			if (phase.name === 'running' && event.remembered !== undefined) {
				return to({name: 'error', message: event.message, hint: event.hint, remembered: event.remembered});
			}

			return phase.name === 'planning' || phase.name === 'running' ? to({name: 'error', message: event.message, hint: event.hint}) : state;
		}

		case 'enter': {
			// In a conflict Enter does nothing: a second paid build is only ever an explicit choice.
			if (phase.name === 'plan') {
				return tooSoon(event.at) ? state : to({name: 'running', plan: phase.plan, startedAt: event.at});
			}

			if (phase.name === 'error' && phase.remembered !== undefined) {
				return {...state, leave: 'follow'};
			}

			// The image built earlier: no job, straight on to step 5 with it.
			if (phase.name === 'reuse') {
				return tooSoon(event.at) ? state : {...state, leave: 'next'};
			}

			// A failed build: a new plan, submitted only with its cost in view.
			if (phase.name === 'done') {
				return {...state, leave: phase.result.status === 'succeeded' ? 'next' : 'again'};
			}

			return state;
		}

		case 'follow': {
			return phase.name === 'conflict' && phase.earlier.plan && !tooSoon(event.at) ? to({name: 'running', plan: phase.earlier.plan, startedAt: event.at, followed: true}) : state;
		}

		case 'build-too': {
			if (phase.name === 'reuse') {
				// The plan with its cost comes first: a new build is never submitted on the key that asked for it.
				return tooSoon(event.at) ? state : to(phase.earlier ? {name: 'conflict', plan: phase.plan, earlier: phase.earlier, shownAt: event.at, offered: phase} : {name: 'plan', plan: phase.plan, shownAt: event.at, offered: phase});
			}

			return phase.name === 'conflict' && !tooSoon(event.at) ? to({name: 'running', plan: phase.plan, startedAt: event.at}) : state;
		}

		case 'escape': {
			if ((phase.name === 'plan' || phase.name === 'conflict') && phase.offered) {
				return to(phase.offered);
			}

			const failed = phase.name === 'error' || (phase.name === 'done' && phase.result.status === 'failed');
			return phase.name === 'plan' || phase.name === 'conflict' || phase.name === 'reuse' || failed ? {...state, leave: 'back'} : state;
		}

		case 'finished': {
			return phase.name === 'running' ? to({name: 'done', plan: phase.plan, result: event.result, startedAt: phase.startedAt, finishedAt: event.at}) : state;
		}
	}
}
