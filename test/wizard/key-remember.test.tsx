import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {UserError} from '../../source/errors.js';
import {ConfigStore} from '../../source/platform/config.js';
import {openPlatformSession} from '../../source/platform/session.js';
import {WizardApp} from '../../source/wizard/app.js';
import type {WizardServices} from '../../source/wizard/services.js';
import {testApiKey} from '../helpers/sandbox.js';
import {testServices} from '../helpers/wizard-services.js';
import {keys, renderUi} from '../helpers/ui.js';
import {enterAt} from '../helpers/wizard-walk.js';

/** Types the test key at step 3 (for the sandbox's platform, named as by --platform) and answers the "remember it?" question. */
async function typeKeyAndAnswer(services: WizardServices & {sandbox: {url: string}}, answer: string) {
	const ui = renderUi(<WizardApp services={{...services, settings: {...services.settings, platform: services.sandbox.url, platformChosen: true}}} onExit={() => undefined}/>);
	await enterAt(ui, ['Step 1/5', '✓ fixed', 'Step 2/5']);
	await ui.waitFor('Step 3/5');
	await ui.press(keys.down, keys.enter);
	await ui.waitFor('(hidden)');
	await ui.press(`${testApiKey}\r`);
	await ui.waitFor('The key works');
	await ui.press(answer);
	return ui;
}

test('step 3: y stores the typed key with its platform (through conf, 0600)', async () => {
	const services = await testServices();
	const ui = await typeKeyAndAnswer(services, 'y');
	await ui.waitFor('Which project');
	const stored = new ConfigStore(path.dirname(services.config.path)).credentials();
	assert.ok(stored.apiKey === testApiKey, 'the key is stored');
	assert.equal(stored.platform, services.sandbox.url);
	ui.unmount();
});

test('step 3: a key that cannot be stored (the settings folder is a file) is said with the way out, not a crash; the key never shows', async () => {
	const blocker = path.join(mkdtempSync(path.join(tmpdir(), 'key-remember-')), 'a-file');
	writeFileSync(blocker, '');
	const services = await testServices({config: new ConfigStore(path.join(blocker, 'config'))});
	const ui = await typeKeyAndAnswer(services, 'y');
	await ui.waitFor('could not be written (ENOTDIR)');
	assert.match(ui.screen(), /RESCALE_APPTAINER_CONFIG_DIR/);
	assert.ok(!ui.screen().includes(testApiKey));
	await ui.press(keys.enter);
	await ui.waitFor('Enter a Rescale API key');
	ui.unmount();
});

test('step 3: a project choice that cannot be remembered is said, not a crash, and the wizard does not go on as if it were', async () => {
	const directory = mkdtempSync(path.join(tmpdir(), 'key-remember-'));
	// Settings that read but cannot be written, as on a read-only file system (file modes do not stop root, who runs these tests).
	const config = Object.assign(new ConfigStore(directory), {
		rememberProject: async () => {
			throw new UserError(`the settings file ${path.join(directory, 'config.json')} could not be written (EROFS)`, {hint: 'point RESCALE_APPTAINER_CONFIG_DIR at a folder you can write'});
		},
	});
	const services = await testServices({config});
	const ui = await typeKeyAndAnswer({...services, connect: async (platform, key) => openPlatformSession(platform, key, {project: undefined, verify: true, config})}, 'n');
	await ui.waitFor('Which project');
	await ui.press(keys.enter);
	await ui.waitFor('could not be written (EROFS)');
	assert.match(ui.screen(), /RESCALE_APPTAINER_CONFIG_DIR/);
	assert.doesNotMatch(ui.screen(), /Step 4\/5/);
	ui.unmount();
});
