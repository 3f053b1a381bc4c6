import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import type {Session} from '../../source/platform/session.js';
import {readDockerfile} from '../../source/dockerfile/read-dockerfile.js';
import {defaultServices} from '../../source/wizard/default-services.js';
import {exampleRoot} from '../helpers/cli.js';
import {startSandbox, testApiKey} from '../helpers/sandbox.js';
import {keys} from '../helpers/ui.js';
import {renderWizard} from '../helpers/wizard-walk.js';

const listening = () => process.getActiveResourcesInfo().filter(resource => resource === 'TCPServerWrap').length;

test('--sandbox: Esc at step 4 and forward again, three times, uses the one embedded sandbox server; leaving stops the server', async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'sandbox-reuse-'));
	process.env.RESCALE_APPTAINER_CONFIG_DIR = path.join(folder, 'config');
	const services = defaultServices(await readDockerfile(exampleRoot), {sandbox: true, out: path.join(folder, '.rescale-apptainer'), speed: 400, faults: undefined, new: false, stopOnExit: false});
	let starts = 0;
	const openSandbox = services.openSandbox;
	const opened: Session[] = [];
	services.openSandbox = async () => {
		starts++;
		const session = await openSandbox();
		opened.push(session);
		return session;
	};

	// Even when an assertion fails, no server may keep the test process alive.
	after(async () => {
		await Promise.all(opened.map(async session => session.close()));
	});

	const before = listening();
	const app = renderWizard(services);
	const {ui} = app;
	await ui.press('f');
	await ui.waitFor('fixed line 1');
	await ui.press(keys.enter);
	await ui.waitFor('Step 2/5');
	await ui.press(keys.enter);
	await ui.waitFor('Which project');
	await ui.press(keys.enter);
	await ui.waitFor('Enter submit the build job');
	for (let round = 2; round <= 4; round++) {
		// --sandbox answered step 3: Esc goes back to step 2, and Enter there on to step 4.
		await ui.press(keys.escape);
		await ui.waitFor('Step 2/5');
		await ui.press(keys.enter);
		await ui.waitFor('Enter submit the build job');
	}

	assert.equal(starts, 1, 'the sandbox was opened once');
	assert.equal(listening() - before, 1, 'one sandbox server');
	await ui.press(keys.escape);
	await ui.waitFor('Step 2/5');
	await ui.press('q');
	const outcome = await app.ended();
	await outcome.session?.close();
	// The closed handle leaves the list of active resources a turn later.
	await ui.waitUntil(() => listening() === before);
	ui.unmount();
	delete process.env.RESCALE_APPTAINER_CONFIG_DIR;
});

test('choosing a key after the sandbox stops the sandbox: nothing is left running when the wizard ends', async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'sandbox-switch-'));
	process.env.RESCALE_APPTAINER_CONFIG_DIR = path.join(folder, 'config');
	const platform = await startSandbox();
	const services = defaultServices(await readDockerfile(exampleRoot), {sandbox: false, out: path.join(folder, '.rescale-apptainer'), speed: 400, faults: undefined, new: false, stopOnExit: false});
	const before = listening();
	const sandbox = await services.openSandbox();
	assert.equal((await services.openSandbox()).platformUrl, sandbox.platformUrl, 'the same sandbox again');
	assert.equal(listening(), before + 1);
	await services.connect(platform.url, {apiKey: testApiKey, source: 'the key typed in'});
	const stopped = Date.now();
	while (listening() !== before && Date.now() - stopped < 5000) {
		await new Promise(resolve => setTimeout(resolve, 20));
	}

	assert.equal(listening(), before);
	delete process.env.RESCALE_APPTAINER_CONFIG_DIR;
});
