import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Coretype, RescaleFile} from '../../source/rescale/types.js';
import type {RunPlan} from '../../source/run/pipeline.js';
import {confirmDelayMs, initialRunState, runReducer, type RunEvent, type RunState} from '../../source/wizard/steps/run-machine.js';

const sif = {id: 'f1', name: 'a.sif'} as RescaleFile;
const coretype = {code: 'h100', name: 'H100', cores: [16, 64], gpuCounts: [1, 4]} as unknown as Coretype;
const plan = {key: 'k', jobName: 'Apptainer run a.sif on h100'} as RunPlan;

function through(events: RunEvent[], state = initialRunState()): RunState {
	return events.reduce(runReducer, state);
}

const toConfirm: RunEvent[] = [
	{type: 'loaded', images: [sif], coretypes: [coretype]},
	{type: 'sif', sif},
	{type: 'coretype', coretype},
	{type: 'cores', cores: 64},
	{type: 'walltime', walltime: 24},
	{type: 'command', command: 'python train.py'},
	{type: 'checked', plan, at: 1000},
];

test('run step: Enter right after the confirmation appears is ignored; a deliberate one submits', () => {
	const confirm = through(toConfirm);
	assert.equal(confirm.phase.name, 'confirm');
	assert.equal(runReducer(confirm, {type: 'enter', at: 1000 + confirmDelayMs - 1}).phase.name, 'confirm');
	const running = runReducer(confirm, {type: 'enter', at: 1000 + confirmDelayMs});
	assert.deepEqual(running.phase, {name: 'running', plan, startedAt: 1000 + confirmDelayMs});
	assert.equal(runReducer(running, {type: 'enter', at: 9999}), running, 'a second Enter does nothing');
});

test('run step: Esc goes back one choice at a time, keeping the command as the user wrote it', () => {
	const phases: string[] = [];
	let state = through(toConfirm);
	for (let index = 0; index < 6; index++) {
		state = runReducer(state, {type: 'escape'});
		phases.push(state.phase.name);
	}

	assert.deepEqual(phases, ['command', 'walltime', 'cores', 'coretype', 'sif', 'sif']);
	assert.equal(state.command, 'python train.py');
});

test('run step: a refused command goes back to the field with the edit, not the suggestion', () => {
	const refused = through([...toConfirm.slice(0, -1), {type: 'failed', message: 'the command would fail', hint: ''}]);
	assert.equal(refused.phase.name, 'error');
	const again = runReducer(refused, {type: 'enter', at: 0});
	assert.equal(again.phase.name, 'command');
	assert.equal(again.command, 'python train.py');
});

test('run step: a run left in flight is followed at once, never chosen and submitted again', () => {
	const state = initialRunState(plan, 5);
	assert.deepEqual(state.phase, {name: 'running', plan, startedAt: 5});
	assert.equal(runReducer(state, {type: 'loaded', images: [sif], coretypes: []}), state);
	assert.equal(runReducer(state, {type: 'escape'}), state);
});

test('run step: a failure while following ends the step with no way to resubmit', () => {
	const failed = runReducer(initialRunState(plan, 5), {type: 'failed', message: 'lost', hint: ''});
	assert.equal(failed.phase.name, 'error');
	assert.equal(runReducer(failed, {type: 'enter', at: 0}), failed);
});
