import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {ConfigStore} from '../../source/platform/config.js';
import {checkKey} from '../../source/wizard/default-services.js';
import {KeyStep} from '../../source/wizard/steps/key-step.js';
import {listenOnLoopback} from '../helpers/loopback-server.js';
import {keys, renderUi} from '../helpers/ui.js';
import {testServices} from '../helpers/wizard-services.js';

test('a key check against a platform that never answers: Esc cancels it at once and keeps the key; left alone it gives up in words', async () => {
	let open = 0;
	const silent = createServer((request) => {
		open++;
		request.socket.on('close', () => {
			open--;
		});
	});
	const url = await listenOnLoopback(silent);
	const config = new ConfigStore(mkdtempSync(path.join(tmpdir(), 'key-check-')));
	const services = await testServices({
		settings: {platform: url, platformChosen: true, keys: [], project: undefined},
		connect: async (platform, key, signal) => checkKey(platform, key, {project: undefined, config, signal, withinMs: 1500}),
	});
	const ui = renderUi(<KeyStep services={services} onConnected={() => undefined} onBack={() => undefined} onQuit={() => undefined}/>);
	await ui.press(keys.down, keys.enter);
	await ui.waitFor(`API key for ${url}`);
	await ui.press('abcd1234\r');
	await ui.waitFor('Esc cancel the check');
	await ui.waitUntil(() => open === 1);
	await ui.press(keys.escape);
	assert.match(ui.screen(), /API key for .*\n•{8} \(8 characters\)/, 'back at the key field, the key kept');
	await ui.waitUntil(() => open === 0);

	await ui.press(keys.enter);
	await ui.waitFor('Could not reach', 5000);
	assert.match(ui.screen().replaceAll('\n', ' '), new RegExp(`Could not reach ${url}: no answer within 1\\.5 s\\. +Check the address or your network\\. Esc to change the key\\.`));
	assert.match(ui.screen(), /Esc change the key/);
	await ui.press(keys.escape);
	assert.match(ui.screen(), /•{8} \(8 characters\)/);
	ui.unmount();
});

test('a key check that fails and retries says why when it gives up: the last failure, in words', async () => {
	// Nothing listens on port 9 (discard) of loopback: every attempt is refused.
	const config = new ConfigStore(mkdtempSync(path.join(tmpdir(), 'key-check-')));
	await assert.rejects(checkKey('http://127.0.0.1:9', {apiKey: 'abcd1234', source: 'the key typed in'}, {project: undefined, config, withinMs: 1500}), (error: Error) => {
		assert.equal(error.message, 'Could not reach http://127.0.0.1:9: the connection was refused (ECONNREFUSED), still after 1.5 s.');
		return true;
	});
});
