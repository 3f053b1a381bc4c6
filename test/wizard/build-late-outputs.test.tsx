import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keys} from '../helpers/ui.js';
import {startSandbox} from '../helpers/sandbox.js';
import {sandboxSession, testServices} from '../helpers/wizard-services.js';
import {enterAt, renderWizard} from '../helpers/wizard-walk.js';

/**
 * The wizard building on a slow sandbox, polled every 20 ms: its 30 polls (0.6 s) for the outputs end
 * before the SIF is filed (~26 simulated seconds after Completed, ~1.7 s), so step 4 says the outputs are not filed.
 */
async function outputsNotFiled() {
	const services = await testServices();
	const slow = await startSandbox({speed: 15});
	const app = renderWizard({...services, openSandbox: async () => sandboxSession(slow)});
	await enterAt(app.ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project', 'Enter submit the build job']);
	await app.ui.waitFor('has not filed its outputs yet', 120_000);
	const [job] = [...slow.store.jobs.keys()];
	return {...app, services, slow, job: job!};
}

test('outputs not filed in time: Enter looks again at the same job (no second job) until the image is built', async () => {
	const {ui, slow, job} = await outputsNotFiled();
	const screen = ui.screen().replaceAll(/\s+/g, ' ');
	assert.match(screen, new RegExp(`Enter look again at job ${job} · Esc back · q quit`), screen);
	assert.doesNotMatch(screen, /run the same command again/, 'no command to run: Enter is the way');
	// Each look waits 0.6 s more: the SIF is filed within a few.
	for (let looks = 0; !ui.screen().includes('✓ Built'); looks++) {
		assert.ok(looks < 20, `still not built:\n${ui.screen()}`);
		await ui.press(keys.enter);
		await ui.waitUntil(() => !ui.screen().includes('has not filed its outputs yet'), 30_000);
		await ui.waitFor(/✓ Built|has not filed its outputs yet/, 120_000);
	}

	assert.deepEqual([...slow.store.jobs.keys()], [job], 'the same job was followed: none submitted anew');
	ui.unmount();
});

test('outputs not filed in time: Esc goes back like Esc on the plan, and the job is still remembered, offered to follow', async () => {
	const {ui, services, job} = await outputsNotFiled();
	await ui.press(keys.escape);
	await ui.waitFor('Step 3/5', 30_000);
	assert.ok(services.config.inFlightJobs().some(entry => entry.jobId === job), 'the job is remembered');
	await enterAt(ui, ['Use the sandbox', 'Which project']);
	await ui.waitFor(`Enter follow build job ${job}, submitted earlier`, 30_000);
	ui.unmount();
});
