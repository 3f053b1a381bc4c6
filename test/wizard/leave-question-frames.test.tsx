import assert from 'node:assert/strict';
import {test} from 'node:test';
import {act} from 'react';
import {render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import {WizardApp} from '../../source/wizard/app.js';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {keys} from '../helpers/ui.js';
import {pause} from '../helpers/wizard-walk.js';
import {startSandbox} from '../helpers/sandbox.js';
import {sandboxSession, testServices} from '../helpers/wizard-services.js';

test('after Esc on the Ctrl-C question no frame shows a cut-off line over rows that are not cut, nor empty rows under it', async () => {
	// A slow sandbox: the build is still running when the question is asked and answered.
	const slow = await startSandbox({speed: 2});
	const services = await testServices({openSandbox: async () => sandboxSession(slow)});
	let instance!: ReturnType<typeof render>;
	let ended = false;
	act(() => {
		instance = render(<WizardApp services={services} onExit={() => {
			ended = true;
		}}/>);
	});
	// A terminal 20 rows tall (the test terminal is 100 columns wide).
	await act(async () => {
		Object.assign(instance.stdout, {terminalRows: 20});
		instance.stdout.emit('resize');
	});
	const screen = () => stripAnsi(instance.lastFrame() ?? '');
	const until = async (condition: () => boolean, what: string) => {
		const start = Date.now();
		while (!condition()) {
			assert.ok(Date.now() - start < 30_000, `timed out waiting for ${what}:\n${screen()}`);
			await act(async () => pause(20));
		}
	};

	const waitFor = async (text: string | RegExp) => until(() => (typeof text === 'string' ? screen().includes(text) : text.test(screen())), String(text));
	const press = async (key: string) => act(async () => {
		instance.stdin.write(key);
	});
	for (const marker of ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project', 'Enter submit the build job']) {
		await waitFor(marker);
		await act(async () => pause(marker === 'Enter submit the build job' ? confirmDelayMs : 0));
		await press(keys.enter);
	}

	await waitFor(/Job \w+ submitted/);
	await press(keys.ctrlC);
	await waitFor(/lines above cut off[\s\S]*Esc stay/);
	const before = instance.frames.length;
	await press(keys.escape);
	await waitFor(/^(?![\s\S]*Esc stay)/);
	await act(async () => pause(300));
	const frames = instance.frames.slice(before).map(frame => stripAnsi(frame)).filter(frame => frame.includes('Step 4/5'));
	// Leaving stops following the job, so nothing polls the sandbox after the test.
	await press(keys.ctrlC);
	await waitFor('Esc stay');
	await press(keys.enter);
	await until(() => ended, 'the wizard to end');

	act(() => {
		instance.unmount();
	});
	assert.ok(frames.length > 0);
	for (const frame of frames) {
		// What FitRows holds: the rows under the header's three (debug frames carry the history above it).
		const all = frame.trimEnd().split('\n');
		const rows = all.slice(all.findIndex(row => row.startsWith('rescale-apptainer  Step 4/5')) + 3);
		const cut = rows.findIndex(row => /lines above cut off/.test(row));
		if (cut !== -1) {
			assert.equal(rows.length, 16, `a frame that cuts fills its rows:\n${frame}`);
			assert.notEqual(rows[cut + 1]!.trim(), '', `no empty row under the cut-off line:\n${frame}`);
		}
	}
});
