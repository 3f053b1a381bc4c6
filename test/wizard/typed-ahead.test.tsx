import assert from 'node:assert/strict';
import {test} from 'node:test';
import {clientFor} from '../helpers/sandbox.js';
import {keys} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';
import {pause, renderWizard} from '../helpers/wizard-walk.js';

// Keys typed before the first frame reach Ink in one chunk, as here.

test('Enter typed ahead four times: each reaches the step on screen after the one before (fix, continue, the review, the sandbox), none is lost or taken twice', async () => {
	const wizard = await testServices();
	const {ui} = renderWizard(wizard);
	await ui.waitFor('Step 1/5');
	await ui.press(keys.enter.repeat(4));
	// Step 3's code may still be loading when the fourth Enter comes: it waits for the step.
	await ui.waitFor('Which project', 20_000);
	assert.match(ui.screen(), /✓ Step 2 Review the def file: def generated from the Dockerfile/, `the review was a step of its own, not skipped by step 1 taking two Enters:\n${ui.screen()}`);
	ui.unmount();
});

test('Enter typed ahead never submits a job: keys that come after the one that opens the build step are not handed to it', async () => {
	const wizard = await testServices();
	const {ui} = renderWizard(wizard);
	for (const marker of ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5']) {
		await ui.waitFor(marker);
		await ui.press(keys.enter);
	}

	await ui.waitFor('Which project');
	// The project, and three more Enters in the same chunk.
	await ui.press(keys.enter.repeat(4));
	await ui.waitFor('Enter submit the build job', 20_000);
	await pause(1500);
	assert.doesNotMatch(ui.screen(), /submitted|Uploading/, ui.screen());
	assert.deepEqual(await clientFor(wizard.sandbox).jobs.list(), [], 'no job on the platform');
	ui.unmount();
});

test('Enter mashed while the build is prepared, and on for a moment once its plan is shown, submits nothing: the plan takes Enter once it has been in view', async () => {
	const wizard = await testServices();
	const {ui} = renderWizard(wizard);
	for (const marker of ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project']) {
		await ui.waitFor(marker);
		await ui.press(keys.enter);
	}

	let afterPlan = 0;
	for (let presses = 0; afterPlan < 3 && presses < 100; presses++) {
		await ui.press(keys.enter);
		afterPlan += ui.screen().includes('Enter submit the build job') ? 1 : 0;
		await pause(100);
	}

	assert.equal(afterPlan, 3, 'three Enters with the plan on screen');
	await pause(1500);
	assert.doesNotMatch(ui.screen(), /submitted|Uploading/, ui.screen());
	assert.deepEqual(await clientFor(wizard.sandbox).jobs.list(), [], 'no job on the platform');
	ui.unmount();
});
