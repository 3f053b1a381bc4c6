import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {ConfigStore} from '../../source/platform/config.js';
import {checkKey} from '../../source/wizard/default-services.js';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {symbols} from '../../source/wizard/theme.js';
import {keys} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';
import {enterAt, pause, renderWizard, toRunCommand, toRunningGpuJob, type Ui} from '../helpers/wizard-walk.js';

/** A footer row (in the leave dialog's border too): a key, then what it does. */
const hintRow = /^[│|]? ?(?:Enter|Esc|Ctrl-[A-Z]|[a-z]|↑\/↓|Up\/Down) [a-z(]/m;

/** The frame the wizard left on the screen: still the record of where it was, with no key offered. */
function assertLeftFrame(last: string, still: RegExp) {
	assert.match(last, still, `the frame left behind still shows where the wizard was:\n${last}`);
	assert.doesNotMatch(last, hintRow, `no key hints in the frame left behind:\n${last}`);
	assert.doesNotMatch(last, /q quit/, `the frame left behind:\n${last}`);
}

const toStep = {
	async validate(ui: Ui) {
		await ui.waitFor('Enter apply the fix');
	},
	async review(ui: Ui) {
		await enterAt(ui, ['Step 1/5', '✓ fixed']);
		await ui.waitFor('Step 2/5');
	},
	async key(ui: Ui) {
		await enterAt(ui, ['Step 1/5', '✓ fixed', 'Step 2/5']);
		await ui.waitFor('Use the sandbox');
	},
	async build(ui: Ui) {
		await enterAt(ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project']);
		await ui.waitFor('Enter submit the build job');
	},
	async run(ui: Ui) {
		await enterAt(ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project', 'Enter submit the build job', '✓ Built']);
		await ui.waitFor('Which image?');
	},
};
const where: Record<keyof typeof toStep, RegExp> = {validate: /Step 1\/5[\s\S]*Dockerfile/, review: /Step 2\/5/, key: /Use the sandbox/, build: /Step 4\/5/, run: /Which image\?/};

for (const step of Object.keys(toStep) as Array<keyof typeof toStep>) {
	test(`q in step ${step}: the frame Ink leaves above the prompt offers no keys`, async () => {
		const app = renderWizard(await testServices());
		await toStep[step](app.ui);
		assert.match(app.ui.screen(), /q quit/, 'the step offered q');
		await app.ui.press('q');
		const outcome = await app.ended();
		assert.equal(outcome.code, 0);
		assertLeftFrame(app.ui.screen(), where[step]);
		if (step === 'review') {
			// The pager still says where the def was, but names no keys.
			assert.match(app.ui.screen(), /^lines 1-\d+ of \d+$/m, app.ui.screen());
			assert.doesNotMatch(app.ui.screen(), /PgUp|Home\/End/, app.ui.screen());
		}

		app.ui.unmount();
	});
}

test('q after a key check that could not reach the platform: the failure stays, the hint names no Esc', async () => {
	const config = new ConfigStore(mkdtempSync(path.join(tmpdir(), 'leave-frame-')));
	// Nothing listens on port 9 (discard) of loopback: every attempt is refused.
	const platform = 'http://127.0.0.1:9';
	const app = renderWizard(await testServices({
		settings: {platform, platformChosen: true, keys: [], project: undefined},
		connect: async (url, key, signal) => checkKey(url, key, {project: undefined, config, signal, withinMs: 500}),
	}));
	await toStep.key(app.ui);
	await app.ui.press(keys.down, keys.enter);
	await app.ui.waitFor(`API key for ${platform}`);
	await app.ui.press('abcd1234\r');
	await app.ui.waitFor('Could not reach', 10_000);
	const flat = () => app.ui.screen().replaceAll(/\s+/g, ' ');
	assert.match(flat(), /Check the address or your network\. Esc to change the key\./, 'the hint says what Esc does');
	assert.match(app.ui.screen(), /Esc change the key/, 'and the footer says the same');
	await app.ui.press('q');
	assert.equal((await app.ended()).code, 0);
	assertLeftFrame(app.ui.screen(), /Could not reach http:\/\/127\.0\.0\.1:9/);
	assert.match(flat(), /Check the address or your network\./);
	assert.doesNotMatch(app.ui.screen(), /Esc/, app.ui.screen());
	app.ui.unmount();
});

test('Ctrl-C in the command field of step 5: the frame left behind shows the command with no cursor and no keys', async () => {
	const app = renderWizard(await testServices());
	await toRunCommand(app.ui);
	assert.ok(app.ui.screen().includes(symbols.cursor), 'the field shows its cursor while it is edited');
	await app.ui.press(keys.ctrlC);
	assert.equal((await app.ended()).code, 130);
	assertLeftFrame(app.ui.screen(), /Command after apptainer run[\s\S]*python /);
	assert.ok(!app.ui.screen().includes(symbols.cursor), `no cursor in the frame left behind:\n${app.ui.screen()}`);
	app.ui.unmount();
});

test('Ctrl-C during the GPU run, then Enter to leave it running: neither the question nor the step\'s keys are left behind', async () => {
	const app = await toRunningGpuJob(await testServices());
	assert.match(app.ui.screen(), /Ctrl-C leave or stop the job/, 'the step offered Ctrl-C');
	await app.ui.press(keys.ctrlC);
	await app.ui.waitFor('Esc stay');
	await app.ui.press(keys.enter);
	const outcome = await app.ended();
	assert.equal(outcome.code, 130);
	assert.ok(outcome.left, 'the job was left running');
	assertLeftFrame(app.ui.screen(), /Step 5\/5/);
	assert.doesNotMatch(app.ui.screen(), /is still running|leave or stop/);
	app.ui.unmount();
});

for (const key of [keys.enter, 'q']) {
	test(`a finished run, then ${key === 'q' ? 'q' : 'Enter'}: the frame left behind is its result, with no keys`, async () => {
		const app = renderWizard(await testServices());
		await toRunCommand(app.ui);
		await app.ui.press(keys.enter);
		await app.ui.waitFor('Enter submit the job');
		await pause(confirmDelayMs);
		await app.ui.press(keys.enter);
		await app.ui.waitFor('Enter finish', 60_000);
		// Twice in one chunk: the second finds the wizard already ending and changes nothing.
		await app.ui.press(`${key}${key}`);
		assert.equal((await app.ended()).code, 0);
		const last = app.ui.screen();
		assertLeftFrame(last, /Output files:/);
		// d does nothing any more: the frame names the command that fetches the outputs instead.
		assert.doesNotMatch(last, /d downloads/, last);
		assert.match(last.replaceAll(/\s+/g, ' '), /output file\(s\) were not downloaded; to fetch them: rescale-apptainer download \w+ \S+ --sandbox/, last);
		app.ui.unmount();
	});
}
