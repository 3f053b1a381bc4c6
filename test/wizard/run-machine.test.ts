import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import type {Coretype, RescaleFile} from '../../source/rescale/types.js';
import type {RunPlan, RunResult} from '../../source/run/pipeline.js';
import {confirmDelayMs, finishable, initialRunState, outputsFolder, runReducer, walltimeChoices, type RunEvent, type RunState} from '../../source/wizard/steps/run-machine.js';

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

const image = {id: 'f1', name: 'a.sif', typeId: 1} as RescaleFile;
const outputs = [image, {id: 'o1', name: 'metrics.csv', relativePath: 'outputs/metrics.csv', typeId: 2}, {id: 'o2', name: 'process_output.log', typeId: 2}] as RescaleFile[];
const result = (files: RescaleFile[]) => ({job: 'J1', outputs: files, downloaded: []}) as unknown as RunResult;
const runPlan = {...plan, sif: image} as RunPlan;

function doneWith(files: RescaleFile[]): RunState {
	return runReducer(initialRunState(runPlan, 5), {type: 'finished', result: result(files), at: 10});
}

test('run step: d after the run downloads its outputs once, into the folder it names; a failure can be tried again', () => {
	assert.equal(runReducer(initialRunState(runPlan, 5), {type: 'download', folder: '/x'}).phase.name, 'running', 'no d before the run ends');
	const done = doneWith(outputs);
	const downloading = runReducer(done, {type: 'download', folder: '/out/J1'});
	assert.deepEqual(downloading.phase.name === 'done' && downloading.phase.download, {state: 'downloading', folder: '/out/J1'});
	assert.equal(runReducer(downloading, {type: 'download', folder: '/elsewhere'}), downloading, 'a second d while it downloads does nothing');
	const failed = runReducer(downloading, {type: 'downloadFailed', message: 'connection reset', hint: ''});
	assert.deepEqual(failed.phase.name === 'done' && failed.phase.download, {state: 'failed', folder: '/out/J1', message: 'connection reset', hint: ''});
	assert.equal(finishable(downloading.phase), false, 'Enter does not end the step while the files download');
	assert.equal(finishable(failed.phase), true);
	const again = runReducer(failed, {type: 'download', folder: '/out/J1'});
	assert.equal(again.phase.name === 'done' && again.phase.download?.state, 'downloading', 'd again after a failure');
	const downloaded = runReducer(again, {type: 'downloaded', files: ['/out/J1/outputs/metrics.csv', '/out/J1/process_output.log']});
	assert.deepEqual(downloaded.phase.name === 'done' && downloaded.phase.download, {state: 'downloaded', folder: '/out/J1', files: ['/out/J1/outputs/metrics.csv', '/out/J1/process_output.log']});
	assert.equal(runReducer(downloaded, {type: 'download', folder: '/out/J1'}), downloaded, 'downloaded once is enough');
	assert.ok(finishable(done.phase) && finishable(downloaded.phase));
	assert.equal(runReducer(downloaded, {type: 'downloadFailed', message: 'late', hint: ''}), downloaded, 'a late failure changes nothing');
});

test('run step: d does nothing when the run left only its inputs (the image is never downloaded)', () => {
	const done = doneWith([image]);
	assert.equal(runReducer(done, {type: 'download', folder: '/out/J1'}), done);
});

test('run step: outputs go to rescale-outputs/<job> next to the output folder (the current folder by default)', () => {
	assert.equal(outputsFolder('.rescale-apptainer', 'J1'), path.join(process.cwd(), 'rescale-outputs', 'J1'));
	assert.equal(outputsFolder('/tmp/x/.rescale-apptainer', 'J1'), '/tmp/x/rescale-outputs/J1');
});

test('run step: the walltimes offered stop at the account\'s maximum (Rescale refuses longer jobs), with the maximum itself when it falls between', () => {
	assert.deepEqual(walltimeChoices(undefined), [1, 2, 4, 8, 24], 'the platform did not say');
	assert.deepEqual(walltimeChoices(72), [1, 2, 4, 8, 24]);
	assert.deepEqual(walltimeChoices(8), [1, 2, 4, 8]);
	assert.deepEqual(walltimeChoices(12.5), [1, 2, 4, 8, 12]);
	assert.deepEqual(walltimeChoices(3), [1, 2, 3]);
	assert.deepEqual(walltimeChoices(1), [1]);
	const loaded = through([{type: 'loaded', images: [sif], coretypes: [coretype], maxHours: 6}]);
	assert.deepEqual(loaded.walltimes, [1, 2, 4, 6], 'the step offers what the account allows');
});

test('run step: a coretype the image cannot use is refused in the wizard\'s words (no --force), and Esc or Enter go back to the coretypes with the command kept', () => {
	const a100 = {code: 'a100', name: 'A100'} as Coretype;
	const v100 = {code: 'v100', name: 'V100'} as Coretype;
	const refused = through([...toConfirm.slice(0, -1), {type: 'misfit', message: 'h100 cannot run this image: torch 1.11 cu113 has no kernels for H100 (sm_90)', fits: [a100, v100]}]);
	assert.equal(refused.phase.name, 'error');
	const {message, hint} = refused.phase as Extract<RunState['phase'], {name: 'error'}>;
	assert.equal(message, 'h100 cannot run this image: torch 1.11 cu113 has no kernels for H100 (sm_90)');
	assert.match(hint, /Coretypes whose GPU this image can use: a100 \(A100\), v100 \(V100\)\./);
	assert.match(hint, /does not submit it/);
	assert.doesNotMatch(hint, /--force|flag/);
	for (const key of [{type: 'escape'}, {type: 'enter', at: 99_999}] as RunEvent[]) {
		const back = runReducer(refused, key);
		assert.deepEqual(back.phase, {name: 'coretype', sif}, key.type);
		assert.equal(back.command, 'python train.py');
	}

	const none = through([...toConfirm.slice(0, -1), {type: 'misfit', message: 'h100 cannot run this image', fits: []}]);
	assert.match((none.phase as {hint: string}).hint, /No listed coretype is known to fit this image\./);
	assert.equal(runReducer(initialRunState(), {type: 'misfit', message: 'late', fits: []}).phase.name, 'loading', 'only a check in progress is refused');
});

test('run step: a command only a shell could run is refused before any check, and Enter brings the edit back to the field', () => {
	for (const command of ['python /workspace/experiments/shapes.py ; rm -rf /tmp/x', 'python a.py && echo done', 'python a.py > out.txt 2>&1', 'python a.py | tee log', 'python a.py --name "my run']) {
		const refused = through([...toConfirm.slice(0, -2), {type: 'command', command}]);
		assert.equal(refused.phase.name, 'error', command);
		assert.ok(refused.phase.name === 'error' && refused.phase.back?.name === 'command', command);
		const again = runReducer(refused, {type: 'enter', at: 0});
		assert.equal(again.phase.name, 'command');
		assert.equal(again.command, command);
	}
});

test('run step: the check gets the words apptainer run hands on; sh -c keeps its script as one word', () => {
	const checking = through([...toConfirm.slice(0, -2), {type: 'command', command: `sh -c 'python /workspace/experiments/shapes.py > out.txt 2>&1'`}]);
	assert.deepEqual(checking.phase.name === 'checking' && checking.phase.words, ['sh', '-c', 'python /workspace/experiments/shapes.py > out.txt 2>&1']);
});

test('run step: a coretype the image cannot use is refused when it is chosen, before the node size, and Esc offers another coretype', () => {
	const a100 = {code: 'a100', name: 'A100', cores: [8], gpuCounts: [1]} as unknown as Coretype;
	const facts = {torch: '1.11.0', cuda: '11.3', archList: undefined, origin: 'line 1', line: 1};
	const list = through([{type: 'loaded', images: [sif], coretypes: [coretype, a100]}, {type: 'sif', sif}]);
	const refused = runReducer(list, {type: 'coretype', coretype, facts});
	assert.equal(refused.phase.name, 'error');
	assert.ok(refused.phase.name === 'error');
	assert.equal(refused.phase.message, 'h100 cannot run this image: torch 1.11 cu113 has no kernels for H100 (sm_90) (line 1)');
	assert.match(refused.phase.hint, /^A job on it would fail at its first CUDA kernel, so the wizard does not submit it\. Coretypes whose GPU this image can use: a100 \(A100\)\.$/);
	assert.deepEqual(runReducer(refused, {type: 'escape'}).phase, {name: 'coretype', sif});
	assert.equal(runReducer(refused, {type: 'enter', at: 0}).phase.name, 'coretype', 'Enter does not go on to the node size either');
	assert.equal(runReducer(list, {type: 'coretype', coretype: a100, facts}).phase.name, 'cores', 'a coretype that fits goes on');
	assert.equal(runReducer(list, {type: 'coretype', coretype}).phase.name, 'cores', 'unknown facts never refuse');
});

test('run step: Esc from the command field keeps the text as typed, unchecked, so coming back shows it; Esc with no text given keeps the last one', () => {
	const atCommand = through(toConfirm.slice(0, -2));
	assert.equal(atCommand.phase.name, 'command');
	const left = runReducer(atCommand, {type: 'escape', command: 'python train.py --epochs 3'});
	assert.equal(left.phase.name, 'walltime');
	assert.equal(left.command, 'python train.py --epochs 3');
	const back = runReducer(left, {type: 'walltime', walltime: 24});
	assert.equal(back.phase.name, 'command');
	assert.equal(back.command, 'python train.py --epochs 3');
	assert.equal(runReducer(back, {type: 'escape'}).command, 'python train.py --epochs 3');
	// Only the field's own Esc hands text back: from the walltime list it changes nothing.
	assert.equal(runReducer(left, {type: 'escape', command: 'other'}).command, 'python train.py --epochs 3');
});
