import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Finding} from '../../source/dockerfile/finding.js';
import {emptyJobView, foldEvent, formatElapsed, logLimit, sparkline} from '../../source/wizard/job-view.js';
import {canGoBack, initialState, wizardReducer, type WizardAction} from '../../source/wizard/machine.js';
import {editLine, lineState} from '../../source/wizard/input/line-editor.js';

const error: Finding = {rule: 'torch-wheel-mismatch', severity: 'error', line: 6, message: 'm'};

test('errors block the first step until fixed or overridden', () => {
	let state = initialState([error]);
	state = wizardReducer(state, {type: 'next'});
	assert.equal(state.step, 'validate');
	state = wizardReducer(state, {type: 'fixed', findings: [], fixes: ['line 1: a -> b']});
	assert.equal(wizardReducer(state, {type: 'next'}).step, 'review');
	assert.equal(wizardReducer(wizardReducer(initialState([error]), {type: 'override'}), {type: 'next'}).step, 'review');
});

test('the key step needs a connection, the build step an image; back stops after a submit', () => {
	let state = wizardReducer(wizardReducer(initialState([]), {type: 'next'}), {type: 'next'});
	assert.equal(state.step, 'key');
	assert.equal(wizardReducer(state, {type: 'next'}).step, 'key');
	state = wizardReducer(wizardReducer(state, {type: 'connected', connection: {platform: 'p', label: 'l', sandbox: true}}), {type: 'next'});
	assert.equal(state.step, 'build');
	assert.equal(wizardReducer(state, {type: 'back'}).step, 'key');
	state = wizardReducer(state, {type: 'submitted', job: 'J1'});
	assert.equal(canGoBack(state), false);
	assert.equal(wizardReducer(state, {type: 'back'}).step, 'build');
	assert.equal(wizardReducer(state, {type: 'next'}).step, 'build');
	assert.equal(wizardReducer(wizardReducer(state, {type: 'built', image: {id: 'i', name: 'x.sif', size: 1, job: 'J1'}}), {type: 'next'}).step, 'run');
});

test('events fold into the job view; the log stays bounded', () => {
	let view = foldEvent(emptyJobView, {kind: 'upload', file: 'a.def', sent: 0, total: 10}, 1000);
	view = foldEvent(view, {kind: 'upload', file: 'a.def', sent: 10, total: 10}, 2000);
	assert.deepEqual(view.transfers, [{file: 'a.def', sent: 10, total: 10, startedAt: 1000, updatedAt: 2000}]);
	view = foldEvent(view, {kind: 'status', job: 'J', status: 'Queued', at: 't', reason: ''});
	view = foldEvent(view, {kind: 'metric', job: 'J', epoch: 1, loss: 2.5, accuracy: 0.3});
	assert.deepEqual([view.statuses.length, view.losses, view.lastEpoch], [1, [2.5], 1]);
	for (let index = 0; index < 30; index++) {
		view = foldEvent(view, {kind: 'log', job: 'J', lines: Array.from({length: 20}, (_, line) => `${index}:${line}`)});
	}

	assert.equal(view.log.length, logLimit);
	assert.equal(view.log.at(-1), '29:19');
});

test('sparkline and elapsed time', () => {
	assert.equal(sparkline([3, 2, 1]), '█▅▁');
	assert.equal(sparkline([5, 5]), '▄▄');
	assert.equal(sparkline([]), '');
	assert.equal(formatElapsed(65_000), '1m 05s');
	assert.equal(formatElapsed(3_660_000), '1h 01m');
});

test('a pasted key: markers and control characters dropped, a newline submits once, trimmed', () => {
	let state = lineState('');
	state = editLine(state, '\u001B[200~ abc-123', {});
	state = editLine(state, '\u0007def\u001B[201~\r\n', {});
	assert.deepEqual({value: state.value, submitted: state.submitted}, {value: ' abc-123def', submitted: 'abc-123def'});
	assert.deepEqual(editLine(state, 'more', {}), state, 'nothing after the submit');
	assert.equal(editLine(lineState('ab'), '', {delete: true}).value, 'a');
});

test('finished steps go to the history once, with their result; the build with its timeline when it ends', () => {
	let state = wizardReducer(initialState([error]), {type: 'fixed', findings: [], fixes: ['line 1: a -> b']});
	state = wizardReducer(state, {type: 'next'});
	assert.deepEqual(state.history, [{id: 0, step: 'validate', ok: true, headline: 'no errors, 1 fix(es) applied', details: []}]);
	state = wizardReducer(state, {type: 'next', result: 'def generated (3 lines)'});
	state = wizardReducer(wizardReducer(state, {type: 'back'}), {type: 'next', result: 'def generated (3 lines)'});
	assert.deepEqual(state.history.map(entry => entry.step), ['validate', 'review'], 'going back and on again unchanged prints nothing twice');
	state = wizardReducer(wizardReducer(state, {type: 'connected', connection: {platform: 'p', label: 'sandbox', sandbox: true}}), {type: 'next'});
	assert.equal(state.history.at(-1)?.headline, 'connected to sandbox');
	const failed = wizardReducer(state, {type: 'build-failed', job: 'J1', timeline: ['job J1 submitted: Failed 12:00:00']});
	assert.deepEqual(failed.history.at(-1), {id: 3, step: 'build', ok: false, headline: 'job J1 failed', details: ['job J1 submitted: Failed 12:00:00']});
	state = wizardReducer(state, {type: 'built', image: {id: 'i', name: 'x.sif', size: 2048, job: 'J1'}, timeline: ['job J1 submitted: Completed 12:00:00']});
	assert.deepEqual(state.history.at(-1), {id: 3, step: 'build', ok: true, headline: 'built x.sif (2.0 KB) with job J1', details: ['job J1 submitted: Completed 12:00:00']});
	assert.equal(wizardReducer(state, {type: 'next'}).history.length, 4, 'leaving the build adds nothing: it was recorded when it ended');
});

test('a finished run goes to the history once, with its timeline, so the live frame keeps only the outcome; not before step 5', () => {
	let state = wizardReducer(initialState([]), {type: 'connected', connection: {platform: 'p', label: 'sandbox', sandbox: true}});
	const ran: WizardAction = {type: 'ran', ok: true, headline: 'job J2 Completed, the command exited with code 0', timeline: ['job J2 submitted: Pending at 1s → Completed at 9s (elapsed 9s)']};
	assert.deepEqual(wizardReducer(state, ran).history, [], 'no run outside step 5');
	state = {...state, step: 'run'};
	state = wizardReducer(state, ran);
	assert.deepEqual(state.history, [{id: 0, step: 'run', ok: true, headline: 'job J2 Completed, the command exited with code 0', details: ['job J2 submitted: Pending at 1s → Completed at 9s (elapsed 9s)']}]);
	assert.equal(wizardReducer(state, ran).history.length, 1, 'printed once even if reported again');
});

test('with --sandbox, Esc at step 4 lands on step 2 (the flag answered step 3) and Enter there goes on to step 4 with the same sandbox', () => {
	const sandbox = {platform: 'sandbox', label: 'the sandbox', sandbox: true};
	let state = wizardReducer(wizardReducer(initialState([], {sandboxFlag: true}), {type: 'next'}), {type: 'next'});
	assert.equal(state.step, 'key', 'step 3 is reached, and opens the sandbox');
	state = wizardReducer(wizardReducer(state, {type: 'connected', connection: sandbox}), {type: 'next'});
	assert.equal(state.step, 'build');
	state = wizardReducer(state, {type: 'back'});
	assert.equal(state.step, 'review');
	assert.equal(wizardReducer(state, {type: 'back'}).step, 'validate');
	state = wizardReducer(state, {type: 'next', result: 'def'});
	assert.equal(state.step, 'build');
	assert.deepEqual(state.connection, sandbox);
	assert.deepEqual(state.history.map(entry => entry.step), ['validate', 'key', 'review'], 'step 3 was printed once, when it was done');
});

test('step 3 is passed by only when --sandbox answered it: not without the flag, nor before the sandbox is connected, nor for a key', () => {
	const atBuild = (sandboxFlag: boolean, connection: {platform: string; label: string; sandbox: boolean}) => wizardReducer(wizardReducer(wizardReducer(wizardReducer(initialState([], {sandboxFlag}), {type: 'next'}), {type: 'next'}), {type: 'connected', connection}), {type: 'next'});
	assert.equal(wizardReducer(atBuild(false, {platform: 'sandbox', label: 'the sandbox', sandbox: true}), {type: 'back'}).step, 'key', 'a sandbox chosen by hand is a choice to come back to');
	assert.equal(wizardReducer(atBuild(true, {platform: 'p', label: 'Rescale', sandbox: false}), {type: 'back'}).step, 'key');
	// The sandbox did not start (step 3 showed the error, Esc went back): step 3 is where to try again.
	assert.equal(wizardReducer(wizardReducer(initialState([], {sandboxFlag: true}), {type: 'next'}), {type: 'next'}).step, 'key');
});
