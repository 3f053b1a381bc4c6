import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {validateDockerfile} from '../../source/dockerfile/validate.js';
import {WizardApp} from '../../source/wizard/app.js';
import {SelectList} from '../../source/wizard/components/select-list.js';
import {SecretInput} from '../../source/wizard/components/secret-input.js';
import {ValidateStep} from '../../source/wizard/steps/validate-step.js';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {testApiKey} from '../helpers/sandbox.js';
import {testServices} from '../helpers/wizard-services.js';
import {keys, renderUi} from '../helpers/ui.js';
import {pause, renderWizard} from '../helpers/wizard-walk.js';

const services = testServices;

test('a select list picks the right item when Down and Enter arrive in one chunk', async () => {
	const picked: string[] = [];
	const ui = renderUi(<SelectList items={[{label: 'one', value: 'one'}, {label: 'two', value: 'two'}, {label: 'three', value: 'three'}]} onSelect={value => picked.push(value)}/>);
	await ui.press(`${keys.down}${keys.enter}`);
	assert.deepEqual(picked, ['two']);
	ui.unmount();
});

test('the secret input never shows the key, and a paste with a newline submits once', async () => {
	const submitted: string[] = [];
	const ui = renderUi(<SecretInput onSubmit={secret => submitted.push(secret)}/>);
	await ui.press('sk-live-123\n');
	assert.deepEqual(submitted, ['sk-live-123']);
	assert.ok(!ui.screen().includes('sk-live-123'));
	assert.match(ui.screen(), /•{11} \(11 characters\)/);
	ui.unmount();
});

test('step 1: findings by severity with their line; Enter applies the fix; errors block until then', async () => {
	const wizard = await services();
	const findings = validateDockerfile(wizard.dockerfile.model);
	let fixes = 0;
	let next = 0;
	const ui = renderUi(<ValidateStep file="Dockerfile" text={wizard.dockerfile.text} findings={findings} fixes={[]} override={false} unconvertible={false} maxLines={30} width={100} onApplyFixes={() => {
		fixes++;
		return findings;
	}} onOverride={() => undefined} onWriteBack={() => 'x.bak'} onNext={() => next++} onQuit={() => undefined}/>);
	assert.match(ui.screen(), /Errors \(1\)\n {2}line 6 torch-wheel-mismatch/);
	assert.match(ui.screen(), /> RUN pip install -f https:\/\/data\.pyg\.org\/whl\/torch-1\.11\.0\+cu113\.html -e \./);
	assert.match(ui.screen(), /Enter apply the fix {2}· {2}f apply fixes {2}· {2}o continue anyway {2}· {2}q quit/);
	await ui.press(keys.enter);
	assert.deepEqual([fixes, next], [1, 0]);
	ui.unmount();
});

test('the whole wizard, Enter at every prompt, against the sandbox: five steps to a completed run', async () => {
	const wizard = await services();
	const app = renderWizard(wizard);
	const {ui} = app;
	await ui.waitFor('Step 1/5');
	await ui.press(keys.enter);
	await ui.waitFor(/✓ fixed line 1: pytorch\/pytorch:1\.10\.0-cuda11\.3-cudnn8-runtime ->\s+pytorch\/pytorch:1\.11\.0/);
	await ui.press(keys.enter);
	await ui.waitFor('Step 2/5');
	assert.match(ui.screen(), /From: pytorch\/pytorch:1\.11\.0-cuda11\.3-cudnn8-runtime {3}← Dockerfile 1/);
	assert.match(ui.screen(), /What Apptainer does differently/);
	await ui.press(keys.escape);
	await ui.waitFor('Step 1/5');
	await ui.press(keys.enter);
	await ui.waitFor('Step 2/5');
	await ui.press(keys.enter);
	await ui.waitFor('Step 3/5');
	assert.match(ui.screen(), /No Rescale API key is set up here[\s\S]*❯ Use the sandbox: a simulation of Rescale on this machine/);
	await ui.press(keys.enter);
	await ui.waitFor('Which project');
	await ui.press(keys.enter);
	await ui.waitFor('Enter submit the build job');
	assert.match(ui.screen(), /Step 4\/5.*sandbox \(simulation\)/);
	await pause(confirmDelayMs);
	await ui.press(keys.enter);
	await ui.waitFor('✓ Built gauge-equivariant-mesh-cnn.sif', 30_000);
	// The finished build's uploads and timeline are in the history above the live frame.
	assert.match(ui.screen(), /uploaded .*context\.tar\.gz \(/);
	// A time for every status; the timeline wraps (with a hanging indent) at the test terminal's 100 columns.
	assert.match(ui.screen(), /Pending\s+at\s+\d+s\s+→\s+Waiting\s+for\s+Queue\s+at\s+\d+s\s+→\s+Queued\s+at\s+\d+s\s+→\s+Started\s+at\s+\d+s\s+→\s+Validated\s+at\s+\d+s\s+→\s+Executing\s+at\s+\d+s\s+→\s+Completed\s+at\s+\d+s/);
	await ui.press(keys.enter);
	await ui.waitFor('Which image?');
	assert.match(ui.screen(), /❯ gauge-equivariant-mesh-cnn\.sif .*just built/);
	await ui.press(keys.enter);
	await ui.waitFor('Which GPU coretype?');
	assert.match(ui.screen(), /Aquamarine v3 .*Tesla V100; 1 GPU x 6 cores, 109 GB, \$5\.05\/h/);
	await ui.press(keys.enter);
	await ui.waitFor('How big a node of Aquamarine v3?');
	assert.match(ui.screen(), /❯ 6 cores, 1 GPU\(s\) {2}\$5\.05\/h\n {2}12 cores, 2 GPU\(s\) {2}\$10\.11\/h/);
	await ui.press(keys.enter);
	await ui.waitFor('Walltime:');
	await ui.press(keys.down, keys.enter);
	await ui.waitFor('python /workspace/experiments/shapes.py');
	await ui.press(keys.enter);
	await ui.waitFor('Enter submit the job');
	assert.match(ui.screen(), /Node +6 cores, 1 GPU\(s\)\nWalltime +2 h \(the job is stopped then\)\nCost +at most \$10\.11 \(\$5\.05\/h\)/);
	// Enter right after the confirmation appears is ignored: a double Enter must not submit.
	await ui.press(keys.enter);
	assert.match(ui.screen(), /Enter submit the job/);
	await new Promise(resolve => setTimeout(resolve, confirmDelayMs));
	await ui.press(keys.enter);
	await ui.waitFor('Output files:', 30_000);
	assert.match(ui.screen(), /loss [▁▂▃▄▅▆▇█]+ 0\.1 {3}accuracy 0\.926 {3}epoch 10/);
	assert.match(ui.screen(), /outputs\/metrics\.csv/);
	await ui.press(keys.enter);
	const outcome = app.outcome();
	assert.equal(outcome?.code, 0);
	assert.equal(outcome?.finished, true);
	assert.equal(outcome?.submitted.length, 2);
	ui.unmount();
});

test('step 3: a typed key is checked live; a wrong one is refused with the region hint; the key never shows', async () => {
	const wizard = await services();
	// --platform URL (or RESCALE_PLATFORM): the typed key goes to that platform, no list asked.
	const ui = renderUi(<WizardApp services={{...wizard, settings: {...wizard.settings, platform: wizard.sandbox.url, platformChosen: true}}} onExit={() => undefined}/>);
	await ui.press(keys.enter);
	await ui.waitFor('✓ fixed');
	await ui.press(keys.enter);
	await ui.waitFor('Step 2/5');
	await ui.press(keys.enter);
	await ui.waitFor('Step 3/5');
	await ui.press(keys.down, keys.enter);
	await ui.waitFor(`API key for ${wizard.sandbox.url} (hidden)`);
	await ui.press('wrong-key\r');
	await ui.waitFor('rejected the API key');
	assert.match(ui.screen(), /platform region/);
	await ui.press(keys.enter, keys.down, keys.enter);
	await ui.waitFor('(hidden)');
	await ui.press(`${testApiKey}\r`);
	await ui.waitFor('The key works: signed in as researcher@sandbox.invalid');
	assert.ok(!ui.screen().includes(testApiKey));
	await ui.press('n');
	await ui.waitFor('Which project');
	await ui.press(keys.enter);
	await ui.waitFor('Step 4/5');
	assert.equal(wizard.config.credentials().apiKey, undefined, 'not remembered without a yes');
	ui.unmount();
});

test('Ctrl-C after a submit asks whether to keep the job running; leaving keeps it', async () => {
	const wizard = await services();
	const app = renderWizard({...wizard, async openSandbox() {
		const session = await wizard.openSandbox();
		return {...session, pollMs: 1000};
	}});
	const {ui} = app;
	for (const marker of ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project', 'Enter submit the build job']) {
		await ui.waitFor(marker);
		if (marker === 'Enter submit the build job') {
			await pause(confirmDelayMs);
		}

		await ui.press(keys.enter);
	}

	await ui.waitFor(/Job \w+ (created|submitted)/);
	await ui.press(keys.ctrlC);
	await ui.waitFor('is still running on sandbox (simulation)');
	assert.match(ui.screen(), /Enter leave it running \(you can reattach later\) {2}· {2}s stop the job and leave {2}· {2}Esc stay/);
	await ui.press(keys.enter);
	const outcome = await app.ended();
	assert.equal(outcome.code, 130);
	assert.equal(outcome.submitted.length, 1);
	assert.equal(outcome.stopped, undefined);
	ui.unmount();
});

test('step 2: the def edited in $EDITOR is re-checked on return and then used for the build', async () => {
	const edits = [
		(text: string) => text.replace('%post', '%psot'),
		(text: string) => text.replace('%post', '%post\n    echo edited-by-hand'),
	];
	const wizard = await services({
		editFile(file) {
			const edited = edits.shift()!(readFileSync(file, 'utf8'));
			writeFileSync(file, edited);
			return {text: edited};
		},
	});
	const ui = renderUi(<WizardApp services={wizard} onExit={() => undefined}/>);
	await ui.press(keys.enter);
	await ui.waitFor('✓ fixed');
	await ui.press(keys.enter);
	await ui.waitFor('Step 2/5');
	await ui.press('e');
	await ui.waitFor('Your edited def has problems apptainer build would refuse:');
	assert.match(ui.screen(), /line \d+: invalid section\(s\) specified: psot/);
	await ui.press(keys.enter);
	assert.match(ui.screen(), /Step 2\/5/, 'Enter does not go on with a broken def');
	await ui.press('d');
	await ui.waitFor('e edit in $EDITOR');
	await ui.press('e');
	await ui.waitFor('Your edited def is used for the build');
	assert.match(ui.screen(), /echo edited-by-hand/);
	await ui.press(keys.enter);
	await ui.waitFor('Step 3/5');
	await ui.press(keys.enter);
	await ui.waitFor('Which project');
	await ui.press(keys.enter);
	await ui.waitFor('Enter submit the build job');
	const plan = JSON.parse(readFileSync(path.join(wizard.outDir, 'gauge-equivariant-mesh-cnn', 'plan.json'), 'utf8')) as {def: string};
	assert.match(plan.def, /%post\n {4}echo edited-by-hand/);
	ui.unmount();
});
