import assert from 'node:assert/strict';
import {test} from 'node:test';
import {KeyStep} from '../../source/wizard/steps/key-step.js';
import {keys, renderUi} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';

test('a key the platform refuses (401): the hint speaks the wizard\'s language (Esc to change the key), never a command-line flag', async () => {
	const base = await testServices();
	const services = {...base, settings: {platform: base.sandbox.url, platformChosen: true, keys: [], project: undefined}};
	const ui = renderUi(<KeyStep services={services} onConnected={() => undefined} onBack={() => undefined} onQuit={() => undefined}/>);
	await ui.press(keys.down, keys.enter);
	await ui.waitFor(`API key for ${base.sandbox.url}`);
	await ui.press('not-the-key-1234\r');
	await ui.waitFor('Esc change the key', 30_000);
	const screen = ui.screen().replaceAll(/\s+/g, ' ');
	assert.doesNotMatch(screen, /--platform|--api-key/, screen);
	assert.match(screen, /made on \(eu, jp, kr...\)\. Esc to change the key\./, screen);
	await ui.press(keys.escape);
	assert.match(ui.screen(), /API key for/, 'Esc does what the hint says');
	ui.unmount();
});
