import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Session} from '../../source/platform/session.js';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {keys} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';
import {enterAt, pause, renderWizard} from '../helpers/wizard-walk.js';

/** ink-spinner's frames (dots, and line where only ASCII shows): none may be left frozen on the screen. */
const spinnerGlyph = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]|^[-\\|/] /m;

/**
 * The wizard on a sandbox, through steps 1-3 to a submitted build job that is polled once a minute
 * (so the test, not the poller, decides what the platform says next), then Ctrl-C: the question is open.
 */
async function askingAboutBuild() {
	const services = await testServices();
	const sessions: Session[] = [];
	const app = renderWizard({...services, async openSandbox() {
		const session = {...await services.openSandbox(), pollMs: 60_000};
		sessions.push(session);
		return session;
	}});
	await enterAt(app.ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project']);
	await app.ui.waitFor('Enter submit the build job');
	await pause(confirmDelayMs);
	await app.ui.press(keys.enter);
	const job = await jobOnScreen(app.ui);
	await app.ui.press(keys.ctrlC);
	await app.ui.waitFor('is still running');
	return {...app, services, job};
}

async function jobOnScreen(ui: ReturnType<typeof renderWizard>['ui']): Promise<string> {
	await ui.waitFor(/[Jj]ob \w+ (?:created|submitted)/, 30_000);
	return /[Jj]ob (\w+) (?:created|submitted)/.exec(ui.screen())![1]!;
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
	assert.ok((await services.sandbox.store.jobs.get(job)?.statuses ?? []).some(status => status.status === 'Stopping'), 'the platform was asked');
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
