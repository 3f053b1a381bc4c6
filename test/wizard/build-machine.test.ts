import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {BuildResult} from '../../source/image-build/pipeline.js';
import type {BuildPlan} from '../../source/image-build/plan.js';
import {buildDifferences} from '../../source/wizard/build-plans.js';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {buildReducer, initialBuildState, type BuildEvent, type BuildState, type EarlierBuild} from '../../source/wizard/steps/build-machine.js';

const plan = {key: 'now', name: 'img', def: 'Bootstrap: docker\nFrom: torch:1.11\n', contextSummary: 'upload of 5 files', hardware: {coreType: 'emerald', coresPerSlot: 2, walltime: 2}} as BuildPlan;
const earlierPlan = {...plan, key: 'then', def: 'Bootstrap: docker\nFrom: torch:1.10\n'} as BuildPlan;
const succeeded = {status: 'succeeded', job: 'J1', sif: {id: 'f', name: 'img.sif'}, filedIn: undefined} as BuildResult;
const failed = {status: 'failed', job: 'J1', lastLines: [], cause: 'x', failedChecks: []} as BuildResult;
const earlier: EarlierBuild = {jobId: 'J0', planKey: 'then', savedAt: '2026-11-29T16:00:00Z', plan: earlierPlan, differences: ['fixes applied now were not applied then']};

function through(events: BuildEvent[], state: BuildState = initialBuildState): BuildState {
	return events.reduce(buildReducer, state);
}

test('build step: the plan, Enter submits once, the result ends it; Enter then moves on', () => {
	const planned = through([{type: 'planned', plan, at: 0}]);
	assert.deepEqual(planned.phase, {name: 'plan', plan, shownAt: 0});
	const running = buildReducer(planned, {type: 'enter', at: 1000});
	assert.deepEqual(running.phase, {name: 'running', plan, startedAt: 1000});
	assert.equal(buildReducer(running, {type: 'enter', at: 1100}), running, 'a second Enter submits nothing');
	const done = buildReducer(running, {type: 'finished', result: succeeded, at: 61_000});
	assert.deepEqual(done.phase, {name: 'done', plan, result: succeeded, startedAt: 1000, finishedAt: 61_000}, 'the elapsed time of a finished build is its own, 60 s here');
	assert.equal(done.leave, undefined);
	assert.equal(buildReducer(done, {type: 'enter', at: 62_000}).leave, 'next');
});

test('build step: Enter (or a conflict\'s choice) in the first second of the plan is typed ahead, not a choice: nothing is submitted', () => {
	const planned = through([{type: 'planned', plan, at: 10_000}]);
	assert.equal(buildReducer(planned, {type: 'enter', at: 10_000 + confirmDelayMs - 1}), planned, 'too soon: the plan was maybe not even drawn');
	assert.equal(buildReducer(planned, {type: 'enter', at: 10_000 + confirmDelayMs}).phase.name, 'running');
	const conflict = through([{type: 'planned', plan, earlier, at: 10_000}]);
	assert.equal(buildReducer(conflict, {type: 'follow', at: 10_100}), conflict);
	assert.equal(buildReducer(conflict, {type: 'build-too', at: 10_100}), conflict);
	assert.equal(buildReducer(conflict, {type: 'build-too', at: 10_000 + confirmDelayMs}).phase.name, 'running');
});

test('build step: after a failed build Enter plans a new one (never submits it) and Esc goes back; Esc goes back from the plan and from errors, never while running', () => {
	const running = through([{type: 'planned', plan, at: 0}, {type: 'enter', at: 5001}]);
	assert.equal(buildReducer(running, {type: 'escape'}).leave, undefined, 'Esc does not abandon a running build');
	const broken = through([{type: 'finished', result: failed, at: 5002}], running);
	assert.equal(buildReducer(broken, {type: 'enter', at: 5003}).leave, 'again');
	assert.equal(buildReducer(broken, {type: 'escape'}).leave, 'back');
	assert.equal(through([{type: 'planned', plan, at: 0}, {type: 'escape'}]).leave, 'back');
	const error = through([{type: 'failed', message: 'no coretypes', hint: ''}]);
	assert.deepEqual(error.phase, {name: 'error', message: 'no coretypes', hint: ''});
	assert.equal(buildReducer(error, {type: 'escape'}).leave, 'back');
	assert.equal(buildReducer(buildReducer(error, {type: 'escape'}), {type: 'planned', plan, at: 0}).phase, error.phase, 'nothing happens once the step is left');
});

test('build step: a job still remembered when following it failed (outputs late): Enter looks again, following it without asking twice', () => {
	const running = through([{type: 'planned', plan, at: 0}, {type: 'enter', at: 5001}]);
	const late = buildReducer(running, {type: 'failed', message: 'job J has completed, but ...', hint: '', remembered: 'J'});
	assert.deepEqual(late.phase, {name: 'error', message: 'job J has completed, but ...', hint: '', remembered: 'J'});
	assert.equal(buildReducer(late, {type: 'enter', at: 5002}).leave, 'follow');
	assert.equal(buildReducer(late, {type: 'escape'}).leave, 'back');
	assert.equal(buildReducer(through([{type: 'failed', message: 'no coretypes', hint: ''}]), {type: 'enter', at: 5002}).leave, undefined, 'nothing to look again at');
	assert.deepEqual(through([{type: 'planned', plan, at: 0, follow: true}]).phase, {name: 'running', plan, startedAt: 0, followed: true}, 'asked for by the Enter that looked again');
});

test('build step: another def of the same Dockerfile in flight asks first; Enter alone submits nothing', () => {
	const conflict = through([{type: 'planned', plan, earlier, at: 0}]);
	assert.equal(conflict.phase.name, 'conflict');
	assert.equal(buildReducer(conflict, {type: 'enter', at: 5005}), conflict, 'Enter is not a choice');
	assert.deepEqual(buildReducer(conflict, {type: 'follow', at: 5005}).phase, {name: 'running', plan: earlierPlan, startedAt: 5005, followed: true}, 'following builds the earlier plan');
	assert.deepEqual(buildReducer(conflict, {type: 'build-too', at: 5005}).phase, {name: 'running', plan, startedAt: 5005});
	assert.equal(buildReducer(conflict, {type: 'escape'}).leave, 'back');
	const unknown = through([{type: 'planned', plan, earlier: {...earlier, plan: undefined}, at: 0}]);
	assert.equal(buildReducer(unknown, {type: 'follow', at: 5005}), unknown, 'an earlier build whose plan is unknown cannot be followed from here');
	assert.equal(buildReducer(through([{type: 'planned', plan, at: 0}]), {type: 'build-too', at: 5005}).phase.name, 'plan', 'no choice without a conflict');
});

test('what differs from an earlier build: fixes first, then the def, the context and the hardware', () => {
	assert.deepEqual(buildDifferences({plan: earlierPlan, fixes: []}, {def: plan.def, fixes: ['line 1: torch:1.10 -> torch:1.11']}), ['fixes applied now were not applied then (line 1: torch:1.10 -> torch:1.11)']);
	assert.deepEqual(buildDifferences({plan: earlierPlan, fixes: ['line 1: a -> b']}, {def: plan.def, fixes: []}), ['fixes applied then are not applied now (line 1: a -> b)']);
	assert.deepEqual(buildDifferences({plan: earlierPlan, fixes: []}, {def: plan.def, fixes: []}), ['the def differs from the one being built (first at def line 2: "From: torch:1.10" then, "From: torch:1.11" now)']);
	const bigger = {...plan, key: 'big', hardware: {...plan.hardware, coresPerSlot: 8}, contextSummary: 'upload of 6 files'} as BuildPlan;
	assert.deepEqual(buildDifferences({plan, fixes: []}, {def: plan.def, fixes: [], plan: bigger}), [
		'the build context differs (then: upload of 5 files; now: upload of 6 files)',
		'the hardware differs (then: emerald, 2 cores, 2 h; now: emerald, 8 cores, 2 h)',
	]);
	assert.deepEqual(buildDifferences(undefined, {def: plan.def, fixes: []}), ['its plan is not in this output folder, so what it builds is not known here']);
});

const image = {platform: 'sandbox:test', sifId: 'F1', sifName: 'img.sif', jobId: 'J0', builtAt: '2026-11-29T16:00:00Z', size: 1000};

test('build step: an image built earlier from the same def and context is offered instead of the plan; Enter uses it (no job), Esc goes back', () => {
	const offered = through([{type: 'planned', plan, reusable: image, at: 0}]);
	assert.deepEqual(offered.phase, {name: 'reuse', plan, image, shownAt: 0});
	const used = buildReducer(offered, {type: 'enter', at: confirmDelayMs});
	assert.equal(used.leave, 'next');
	assert.equal(used.phase, offered.phase, 'nothing runs: the step hands the image on');
	assert.equal(buildReducer(offered, {type: 'escape'}).leave, 'back');
	assert.equal(buildReducer(offered, {type: 'follow', at: confirmDelayMs}), offered, 'f means nothing here');
});

test('build step: b on an earlier image shows the plan with its cost, and only a later Enter submits it; with a build in flight for another def, b shows that conflict first', () => {
	const offered = through([{type: 'planned', plan, reusable: image, at: 0}]);
	const planned = buildReducer(offered, {type: 'build-too', at: confirmDelayMs});
	assert.deepEqual(planned.phase, {name: 'plan', plan, shownAt: confirmDelayMs, offered: offered.phase});
	assert.equal(buildReducer(planned, {type: 'enter', at: confirmDelayMs}), planned, 'the Enter right after b is typed ahead: nothing is submitted');
	assert.equal(buildReducer(planned, {type: 'enter', at: 2 * confirmDelayMs}).phase.name, 'running');
	const withConflict = through([{type: 'planned', plan, earlier, reusable: image, at: 0}, {type: 'build-too', at: confirmDelayMs}]);
	assert.deepEqual(withConflict.phase, {name: 'conflict', plan, earlier, shownAt: confirmDelayMs, offered: {name: 'reuse', plan, image, earlier, shownAt: 0}});
	assert.equal(buildReducer(withConflict, {type: 'build-too', at: confirmDelayMs}), withConflict, 'the b that left the offer does not also submit');
});

test('build step: Esc on the plan (or conflict) reached by b goes back to the earlier image, and Esc there leaves the step', () => {
	const offered = through([{type: 'planned', plan, reusable: image, at: 0}]);
	const back = through([{type: 'build-too', at: confirmDelayMs}, {type: 'escape'}], offered);
	assert.deepEqual(back, offered, 'the offer again, not step 3');
	assert.equal(buildReducer(back, {type: 'escape'}).leave, 'back');
	const withConflict = through([{type: 'planned', plan, earlier, reusable: image, at: 0}]);
	assert.deepEqual(through([{type: 'build-too', at: confirmDelayMs}, {type: 'escape'}], withConflict), withConflict);
	assert.equal(buildReducer(through([{type: 'planned', plan, at: 0}]), {type: 'escape'}).leave, 'back', 'a plan offered first still goes back');
});

test('build step: keys in one chunk on an earlier image: Enter then b uses it and builds nothing; b then Enter shows the plan and submits nothing; keys before the delay are typed ahead', () => {
	const offered = through([{type: 'planned', plan, reusable: image, at: 0}]);
	const enterB = through([{type: 'enter', at: confirmDelayMs}, {type: 'build-too', at: confirmDelayMs}], offered);
	assert.equal(enterB.leave, 'next');
	assert.equal(enterB.phase.name, 'reuse');
	const bEnter = through([{type: 'build-too', at: confirmDelayMs}, {type: 'enter', at: confirmDelayMs}], offered);
	assert.equal(bEnter.phase.name, 'plan');
	assert.equal(bEnter.leave, undefined);
	assert.equal(buildReducer(offered, {type: 'enter', at: confirmDelayMs - 1}), offered, 'an Enter mashed while planning chooses nothing');
	assert.equal(buildReducer(offered, {type: 'build-too', at: confirmDelayMs - 1}), offered);
});

test('build step: an earlier image that could not be checked: the plan, with the line that says so', () => {
	const whyNewBuild = 'The image built earlier from this def and context (img.sif, file id F1) could not be checked (500), so a new build is planned.';
	assert.deepEqual(through([{type: 'planned', plan, whyNewBuild, at: 0}]).phase, {name: 'plan', plan, shownAt: 0, whyNewBuild});
	assert.deepEqual(through([{type: 'planned', plan, earlier, whyNewBuild, at: 0}]).phase, {name: 'conflict', plan, earlier, shownAt: 0, whyNewBuild});
});
