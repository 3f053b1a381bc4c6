import assert from 'node:assert/strict';
import {test} from 'node:test';
import {testServices} from '../helpers/wizard-services.js';
import {keys} from '../helpers/ui.js';
import {enterAt, renderWizard} from '../helpers/wizard-walk.js';

test('--sandbox: Esc at step 4 lands on step 2, not on step 3\'s question the flag answered; Enter there goes on to step 4 with the same sandbox', async () => {
	const services = await testServices({forceSandbox: true});
	let opened = 0;
	const openSandbox = services.openSandbox;
	services.openSandbox = async () => {
		opened++;
		return openSandbox();
	};

	const app = renderWizard(services);
	const {ui} = app;
	await enterAt(ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Which project']);
	await ui.waitFor('Enter submit the build job');
	await ui.press(keys.escape);
	await ui.waitFor('Step 2/5');
	assert.doesNotMatch(ui.screen(), /Step 3\/5|Use the sandbox|Enter a Rescale API key/);
	await ui.press(keys.enter);
	await ui.waitFor('Enter submit the build job');
	assert.match(ui.screen(), /Step 4\/5/);
	assert.doesNotMatch(ui.screen(), /Use the sandbox|Enter a Rescale API key/);
	assert.equal(opened, 1, 'the sandbox opened once, by the flag');
	await ui.press('q');
	await app.ended();
	ui.unmount();
});
