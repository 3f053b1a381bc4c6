import assert from 'node:assert/strict';
import {test} from 'node:test';
import {leaveMessage} from '../../source/wizard/run-wizard.js';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {keys} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';
import {enterAt, pause, renderWizard, toRunningGpuJob, type Ui} from '../helpers/wizard-walk.js';

/** ink-spinner's dots: none may be left frozen on the screen. */
const spinnerGlyph = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

/**
 * The wizard on a sandbox, through steps 1-3 to a submitted build job that is polled once a minute
 * (so the test, not the poller, decides what the platform says next), then Ctrl-C: the question is open.
 */
async function askingAboutBuild() {
	const services = await testServices();
	const app = renderWizard({...services, async openSandbox() {
		return {...await services.openSandbox(), pollMs: 60_000};
	}});
	await enterAt(app.ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project']);
	await app.ui.waitFor('Enter submit the build job');
	await pause(confirmDelayMs);
	await app.ui.press(keys.enter);
	return {...app, services, job: await leaveQuestion(app.ui)};
}

/** Ctrl-C once the job is on the screen: the job's id, and the question open. */
async function leaveQuestion(ui: Ui): Promise<string> {
	// The live frame's line (the history above says "job <id> submitted" of the build).
	await ui.waitFor(/Job \w+ (?:created|submitted)/, 30_000);
	const job = /Job (\w+) (?:created|submitted)/.exec(ui.screen())![1]!;
	await ui.press(keys.ctrlC);
	await ui.waitFor('is still running');
	return job;
}

test('Ctrl-C then s during the build: the frame left behind has no frozen "Stopping job" spinner, and the leave message says the job was stopped', async () => {
	const {ui, ended, services, job} = await askingAboutBuild();
	await ui.press('s');
	const outcome = await ended();
	assert.equal(outcome.stopped, job, 'the leave message says Rescale was asked to stop it');
	assert.equal(outcome.left, undefined);
	const last = ui.screen();
	assert.doesNotMatch(last, /Stopping job/, `the last frame:\n${last}`);
	assert.doesNotMatch(last, spinnerGlyph, `the last frame:\n${last}`);
	assert.doesNotMatch(last, /is still running/, 'the question is gone too');
	assert.deepEqual(services.config.inFlightJobs(), [], 'a stopped job is not followed again');
	ui.unmount();
});

test('Ctrl-C then s when the platform does not confirm the stop: the last frame says so in words, and the job is left (and followed again next time), not reported stopped', async () => {
	const {ui, ended, services, job} = await askingAboutBuild();
	// The platform answers the stop with a 404 (the job was deleted in its web page meanwhile): not retried.
	services.sandbox.store.jobs.delete(job);
	await ui.press('s');
	const outcome = await ended();
	assert.equal(outcome.stopped, undefined, 'never "Asked Rescale to stop" when it did not confirm');
	assert.equal(outcome.left, job);
	const last = ui.screen();
	assert.match(last.replaceAll(/\s+/g, ' '), new RegExp(`sandbox \\(simulation\\) did not confirm the stop of job ${job}: POST /api/v2/jobs/${job}/stop/`), `the last frame:\n${last}`);
	assert.doesNotMatch(last, /Stopping job/);
	assert.doesNotMatch(last, spinnerGlyph);
	assert.ok(services.config.inFlightJobs().some(entry => entry.jobId === job), 'still in flight: the next start follows it');
	ui.unmount();
});

test('Ctrl-C then s during the GPU run (step 5): the same finished story, no spinner frozen in the last frame', async () => {
	const app = await toRunningGpuJob(await testServices());
	const job = await leaveQuestion(app.ui);
	await app.ui.press('s');
	const outcome = await app.ended();
	assert.equal(outcome.stopped, job);
	const last = app.ui.screen();
	assert.match(last, /Step 5\/5/);
	assert.doesNotMatch(last, /Stopping job/, `the last frame:\n${last}`);
	assert.doesNotMatch(last, spinnerGlyph, `the last frame:\n${last}`);
	app.ui.unmount();
});

test('Ctrl-C again while the stop is asked (a slow platform): the wizard leaves at once, the job is left and followed next time, never reported stopped', async () => {
	const {ui, ended, services, job} = await askingAboutBuild();
	// The stop's answer takes 1-2 s.
	services.sandbox.injectFault('slow', 1);
	await ui.press('s');
	await ui.waitFor('Ctrl-C leaves without waiting');
	await ui.press(keys.ctrlC);
	const outcome = await ended();
	assert.equal(outcome.stopped, undefined);
	assert.equal(outcome.left, job);
	// The stop may have reached the platform: never "keeps running", and how to see where it stands.
	const message = leaveMessage(outcome, true)!;
	assert.match(message, new RegExp(`^Job ${job} may still be running on sandbox \\(simulation\\): it was asked to stop, but the wizard left before sandbox \\(simulation\\) confirmed it\\. Start the wizard again with the same Dockerfile and --sandbox to see how it stands and follow it`), message);
	assert.doesNotMatch(message, /keeps running/);
	const last = ui.screen();
	assert.match(last.replaceAll(/\s+/g, ' '), new RegExp(`did not confirm the stop of job ${job}: Ctrl-C was pressed again before it answered`), `the last frame:\n${last}`);
	assert.doesNotMatch(last, spinnerGlyph);
	assert.ok(services.config.inFlightJobs().some(entry => entry.jobId === job), 'still in flight: the next start follows it');
	ui.unmount();
});
