import assert from 'node:assert/strict';
import {test} from 'node:test';
import {deriveDefinition} from '../../source/definition/derive-definition.js';
import {runBuild} from '../../source/image-build/pipeline.js';
import {prepareBuild} from '../../source/image-build/plan.js';
import type {RescaleError} from '../../source/rescale/errors.js';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {keys} from '../helpers/ui.js';
import {sandboxSession, testServices} from '../helpers/wizard-services.js';
import {enterAt, pause, renderWizard} from '../helpers/wizard-walk.js';

/**
 * An earlier session's build job of the example, left in flight (remembered in the config) and then
 * stopped on the platform (its web page, or a stop the wizard did not wait for) before it built
 * anything; then the wizard, at step 4, following it again.
 */
async function reattachedStoppedBuild() {
	const services = await testServices();
	const session = await sandboxSession(services.sandbox);
	const definition = deriveDefinition({text: services.dockerfile.text, context: services.context, fix: true});
	const plan = await prepareBuild({source: {dockerfile: services.dockerfile, definition}, outDir: services.outDir, force: false, hardware: {}, coretypes: await session.client.catalog.coretypes(), platform: session.platformId});
	const controller = new AbortController();
	let job: string | undefined;
	await assert.rejects(runBuild({plan, client: session.client, config: services.config, platform: session.platformId, pollMs: 20, signal: controller.signal, onEvent(event) {
		if (event.kind === 'job' && event.action === 'submitted') {
			job = event.job;
			controller.abort();
		}
	}}), (error: RescaleError) => error.kind === 'cancelled');
	await session.client.jobs.stop(job!);
	assert.equal(services.config.inFlightJob(plan.key)?.jobId, job, 'remembered as in flight');
	const app = renderWizard(services);
	await enterAt(app.ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project']);
	await app.ui.waitFor(`Enter follow build job ${job}, submitted earlier`, 30_000);
	await pause(confirmDelayMs);
	await app.ui.press(keys.enter);
	await app.ui.waitFor(/did not build an image/, 60_000);
	return {...app, services, job: job!};
}

test('a build stopped before the wizard reattached to it: said in words (stopped, User Terminated, nothing built), and Enter plans a new build', async () => {
	const {ui, services, job} = await reattachedStoppedBuild();
	const screen = ui.screen().replaceAll(/\s+/g, ' ');
	assert.match(screen, new RegExp(`Build job ${job} did not build an image\\. The job was stopped \\(User Terminated\\) before it built anything`), screen);
	assert.doesNotMatch(screen, /Most likely|log above/, 'no cause guessed from a log that is not there');
	assert.match(screen, new RegExp(`✗ Step 4 Build on Rescale: job ${job} was stopped \\(User Terminated\\), no image`), 'the history says so too');
	assert.match(screen, /Enter plan a new build/);
	assert.match(screen, /Esc back/);
	await ui.press(keys.enter);
	await ui.waitFor('Enter submit the build job', 30_000);
	assert.equal(services.sandbox.store.jobs.size, 1, 'the new plan is shown; nothing is submitted before Enter on it');
	ui.unmount();
});

test('a stopped build, then Esc: back to the step before, like Esc on the plan', async () => {
	const {ui, outcome} = await reattachedStoppedBuild();
	await ui.press(keys.escape);
	await ui.waitFor('Step 3/5', 30_000);
	assert.equal(outcome(), undefined);
	ui.unmount();
});

test('a stopped build, then q: the wizard ends with a non-zero status (no image), like a failed headless build', async () => {
	const {ui, ended} = await reattachedStoppedBuild();
	await ui.press('q');
	const outcome = await ended();
	assert.equal(outcome.code, 1);
	ui.unmount();
});
