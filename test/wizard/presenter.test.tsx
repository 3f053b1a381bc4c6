import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {readDockerfile} from '../../source/dockerfile/read-dockerfile.js';
import type {Session} from '../../source/platform/session.js';
import {WizardApp, type WizardOutcome} from '../../source/wizard/app.js';
import {SecretInput} from '../../source/wizard/components/secret-input.js';
import {SelectList} from '../../source/wizard/components/select-list.js';
import {TextField} from '../../source/wizard/components/text-field.js';
import {defaultServices, keepBackup} from '../../source/wizard/default-services.js';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {exampleRoot} from '../helpers/cli.js';
import {clientFor} from '../helpers/sandbox.js';
import {keys, renderUi} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';
import {pause, renderWizard} from '../helpers/wizard-walk.js';

/** Steps 1-3 with Enter, from the first frame to the sandbox's session and its one project. */
async function throughStepThree(ui: ReturnType<typeof renderUi>) {
	for (const marker of ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project']) {
		await ui.waitFor(marker);
		await ui.press(keys.enter);
	}
}

/** Enter on the build's plan: the build job is submitted. */
async function submitBuild(ui: ReturnType<typeof renderUi>) {
	await ui.waitFor('Enter submit the build job');
	await pause(confirmDelayMs);
	await ui.press(keys.enter);
}

/** A wizard on a sandbox, walked with Enter through steps 1-3 to a submitted build job. */
async function wizardWithSubmittedBuild() {
	const app = renderWizard(await testServices());
	await throughStepThree(app.ui);
	await submitBuild(app.ui);
	return {app, ui: app.ui};
}

/** From the build's plan to a submitted run job (Enter everywhere, the confirmation read first). */
async function buildAndSubmitRun(ui: ReturnType<typeof renderUi>, afterBuild: () => void = () => undefined) {
	await submitBuild(ui);
	await ui.waitFor('✓ Built', 30_000);
	afterBuild();
	await ui.press(keys.enter);
	for (const marker of ['Which image?', 'Which GPU coretype?', 'How big a node', 'Walltime:', 'python /workspace/experiments/shapes.py']) {
		await ui.waitFor(marker);
		await ui.press(keys.enter);
	}

	await ui.waitFor('Enter submit the job');
	await pause(confirmDelayMs);
	await ui.press(keys.enter);
	return /Job (\w+) (?:created|submitted)/.exec(await waitForText(ui, /Job (\w+) (?:created|submitted)/))![1]!;
}

async function waitForText(ui: ReturnType<typeof renderUi>, text: RegExp): Promise<string> {
	await ui.waitFor(text, 20_000);
	return ui.screen();
}

/** Test services whose sessions can be slowed down after the build, so the run is still going when the test leaves. */
async function slowableServices() {
	const services = await testServices();
	const sessions: Session[] = [];
	return {
		services: {...services, async openSandbox() {
			const session = await services.openSandbox();
			sessions.push(session);
			return session;
		}},
		sandbox: services.sandbox,
		slowDown() {
			sessions.at(-1)!.pollMs = 60_000;
		},
	};
}

test('item 1: Ctrl-C during the GPU run, then a restart: the run is followed again, never built or submitted twice', async () => {
	const {services, sandbox, slowDown} = await slowableServices();
	let first: WizardOutcome | undefined;
	const ui = renderUi(<WizardApp services={services} onExit={outcome => {
		first = outcome;
	}}/>);
	await throughStepThree(ui);
	const job = await buildAndSubmitRun(ui, slowDown);
	await ui.press(keys.ctrlC);
	await ui.waitFor('is still running');
	await ui.press(keys.enter);
	await ui.waitUntil(() => first !== undefined);
	assert.equal(first?.left, job);
	ui.unmount();

	const again = renderUi(<WizardApp services={services} onExit={() => undefined}/>);
	await throughStepThree(again);
	// Live, or already in the history when the job ended before the screen was looked at (a loaded machine).
	await again.waitFor(new RegExp(`[Jj]ob ${job} reattached`), 20_000);
	assert.match(again.screen(), /Step 5\/5/);
	assert.doesNotMatch(again.screen(), /Which image\?|submit the build job/);
	await again.waitFor('Output files:', 30_000);
	const jobs = await clientFor(sandbox).jobs.list();
	assert.equal(jobs.filter(entry => entry.name.startsWith('Apptainer run')).length, 1, 'exactly one run job');
	assert.equal(jobs.filter(entry => entry.name.includes('Image Build')).length, 1, 'exactly one build job');
	again.unmount();
});

test('item 6: a run stopped with Ctrl-C then s is forgotten: nothing is left in flight to reattach to', async () => {
	const {services, slowDown} = await slowableServices();
	const app = renderWizard(services);
	const {ui} = app;
	await throughStepThree(ui);
	const job = await buildAndSubmitRun(ui, slowDown);
	assert.ok(services.config.inFlightJobs().some(entry => entry.jobId === job));
	await ui.press(keys.ctrlC);
	await ui.waitFor('is still running');
	await ui.press('s');
	const outcome = await app.ended();
	assert.equal(outcome.stopped, job);
	assert.deepEqual(services.config.inFlightJobs(), []);
	ui.unmount();
});

test('item 9 and 11: in step 5 Esc goes back and q quits; after the build nothing claims to be still running', async () => {
	const {app, ui} = await wizardWithSubmittedBuild();
	await ui.waitFor('✓ Built', 30_000);
	await ui.press(keys.enter);
	await ui.waitFor('Which image?');
	await ui.press(keys.enter);
	await ui.waitFor('Which GPU coretype?');
	await ui.press(keys.escape);
	await ui.waitFor('Which image?');
	await ui.press('q');
	const outcome = await app.ended();
	assert.equal(outcome.code, 0);
	assert.equal(outcome.left, undefined, 'the finished build is not reported as still running');
	ui.unmount();
});

test('item 2: s and e in step 2 with a foreign output folder show the reason on the screen', async () => {
	const out = path.join(mkdtempSync(path.join(tmpdir(), 'foreign-')), '.rescale-apptainer');
	mkdirSync(out);
	writeFileSync(path.join(out, 'notes.txt'), 'mine');
	const services = defaultServices(await readDockerfile(exampleRoot), {sandbox: false, out, speed: undefined, faults: undefined, new: false, stopOnExit: false});
	const ui = renderUi(<WizardApp services={services} onExit={() => undefined}/>);
	await ui.press(keys.enter);
	await ui.waitFor('✓ fixed');
	await ui.press(keys.enter);
	await ui.waitFor('Step 2/5');
	await ui.press('s');
	await ui.waitFor(/was not made by rescale-apptainer; not\s+writing into it/);
	assert.match(ui.screen(), /--out DIR/);
	await ui.press('e');
	assert.match(ui.screen(), /Step 2\/5/);
	ui.unmount();
});

test('item 3: backups never overwrite: the first keeps the original next to a user\'s own .bak, later writes keep it', async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'backup-'));
	const file = path.join(folder, 'Dockerfile');
	writeFileSync(file, 'FROM original\n');
	writeFileSync(`${file}.bak`, 'my own backup\n');
	assert.equal(keepBackup(file), `${file}.bak.2`);
	assert.equal(readFileSync(`${file}.bak`, 'utf8'), 'my own backup\n');

	writeFileSync(path.join(folder, '.dockerignore'), '');
	writeFileSync(file, readFileSync(path.join(exampleRoot, 'Dockerfile'), 'utf8'));
	const services = defaultServices(await readDockerfile(folder), {sandbox: false, out: path.join(folder, 'out'), speed: undefined, faults: undefined, new: false, stopOnExit: false});
	const original = readFileSync(file, 'utf8');
	const backup = services.writeDockerfile('FROM fixed-once\n');
	assert.equal(services.writeDockerfile('FROM fixed-twice\n'), backup);
	assert.equal(readFileSync(backup, 'utf8'), original, 'the original survives two writes');
	assert.equal(readFileSync(file, 'utf8'), 'FROM fixed-twice\n');
});

test('item 4 and 5: an empty Enter does not freeze the key field; Ctrl-U clears it rather than typing a letter', async () => {
	const submitted: string[] = [];
	const ui = renderUi(<SecretInput onSubmit={secret => submitted.push(secret)}/>);
	await ui.press(keys.enter);
	await ui.press('abc', '\u0015', 'key-1', '\u0017', 'xyz');
	assert.match(ui.screen(), /•{3} \(3 characters\)/);
	await ui.press(keys.enter);
	assert.deepEqual(submitted, ['xyz']);
	ui.unmount();
});

test('item 8: a paste into the untouched suggestion replaces it, and a long command is shown whole', async () => {
	const submitted: string[] = [];
	const long = `python /workspace/experiments/${'very-long-name-'.repeat(8)}.py`;
	const ui = renderUi(<TextField initial="python /workspace/experiments/shapes.py" onSubmit={value => submitted.push(value)}/>);
	await ui.press(`\u001B[200~${long}\u001B[201~`);
	assert.equal(ui.screen().replaceAll('\n', ''), `${long}▏`);
	await ui.press(keys.enter);
	assert.deepEqual(submitted, [long]);
	ui.unmount();
});

test('item 10: f + Enter in one chunk applies the fixes and then continues', async () => {
	const services = await testServices();
	const ui = renderUi(<WizardApp services={services} onExit={() => undefined}/>);
	await ui.waitFor('Step 1/5');
	await ui.press('f\r');
	await ui.waitFor('Step 2/5');
	await ui.press('jjjj');
	await ui.waitFor(/lines 5-/);
	ui.unmount();
});

test('a select list: Down Down Enter in one chunk picks the highlighted item; same labels need no same keys', async () => {
	const picked: string[] = [];
	const errors: unknown[] = [];
	const original = console.error;
	console.error = (...args: unknown[]) => errors.push(args);
	try {
		const ui = renderUi(<SelectList items={['f1', 'f2', 'f3'].map(id => ({label: id === 'f3' ? 'b.sif' : 'a.sif', hint: `id ${id}`, value: id, key: id}))} onSelect={value => picked.push(value)}/>);
		await ui.press(`${keys.down}${keys.down}${keys.enter}`);
		const highlighted = /❯ \S+ {2}id (\w+)/.exec(ui.screen())?.[1];
		assert.notEqual(highlighted, 'f1', 'the highlight moved');
		assert.deepEqual(picked, [highlighted]);
		ui.unmount();
	} finally {
		console.error = original;
	}

	assert.deepEqual(errors, [], 'no duplicate-key warning');
});

test('a job that ends while the Ctrl-C question is open is not called still running: the question says it ended', async () => {
	const {app, ui} = await wizardWithSubmittedBuild();
	await ui.waitFor(/Job \w+ submitted/, 20_000);
	await ui.press(keys.ctrlC);
	await ui.waitFor('is still running');
	await ui.waitFor('✓ Built', 30_000);
	assert.doesNotMatch(ui.screen(), /undefined|still running/);
	assert.match(ui.screen(), /The job has ended while you were deciding: nothing is left running/);
	await ui.press(keys.enter);
	const outcome = await app.ended();
	assert.equal(outcome.left, undefined);
	assert.equal(outcome.stopped, undefined);
	ui.unmount();
});

test('q on step 3\'s choice list quits, as on every other list (it did nothing there)', async () => {
	const services = await testServices();
	const app = renderWizard(services);
	const {ui} = app;
	for (const marker of ['Step 1/5', '✓ fixed', 'Step 2/5']) {
		await ui.waitFor(marker);
		await ui.press(keys.enter);
	}

	await ui.waitFor('Use the sandbox');
	assert.match(ui.screen(), /q quit/);
	await ui.press('q');
	const outcome = await app.ended();
	assert.equal(outcome.code, 0);
	ui.unmount();
});
