import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, test} from 'node:test';
import {readDockerfile} from '../../source/dockerfile/read-dockerfile.js';
import {WizardApp} from '../../source/wizard/app.js';
import {defaultServices, type WizardFlags} from '../../source/wizard/default-services.js';
import {exampleRoot} from '../helpers/cli.js';
import {clientFor, startSandbox} from '../helpers/sandbox.js';
import {keys, renderUi} from '../helpers/ui.js';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {pause} from '../helpers/wizard-walk.js';

const variables = ['RESCALE_PLATFORM', 'RESCALE_API_KEY', 'RESCALE_PROJECT', 'RESCALE_APPTAINER_CONFIG_DIR'] as const;

/** The wizard's real services (settings from flags and environment), for the example. */
async function wizardWith(flags: Partial<WizardFlags>) {
	const out = path.join(mkdtempSync(path.join(tmpdir(), 'wizard-settings-')), '.rescale-apptainer');
	return defaultServices(await readDockerfile(exampleRoot), {sandbox: false, out, speed: undefined, faults: undefined, new: false, stopOnExit: false, ...flags});
}

/** Steps 1 and 2 with the fixes applied, then step 3's first choice, then submit the build. */
async function buildThroughTheWizard(services: Awaited<ReturnType<typeof wizardWith>>, firstChoice: string | RegExp, askedForProject: boolean, beforeSubmit?: () => void) {
	const ui = renderUi(<WizardApp services={services} onExit={() => undefined}/>);
	await ui.press('f');
	await ui.waitFor('✓ fixed');
	await ui.press(keys.enter);
	await ui.waitFor('Step 2/5');
	await ui.press(keys.enter);
	await ui.waitFor('Step 3/5');
	await ui.waitFor(firstChoice);
	await ui.press(keys.enter);
	if (askedForProject) {
		await ui.waitFor('Which project', 20_000);
		await ui.press(keys.enter);
	}

	await ui.waitFor('Step 4/5', 20_000);
	await ui.waitFor('submit the build job', 20_000);
	beforeSubmit?.();
	await pause(confirmDelayMs);
	await ui.press(keys.enter);
	return ui;
}

describe('the wizard takes platform, key and project as the commands do: flag, then environment, then stored', () => {
	const saved = new Map<string, string | undefined>();
	beforeEach(() => {
		for (const name of variables) {
			saved.set(name, process.env[name]);
			delete process.env[name];
		}

		process.env.RESCALE_APPTAINER_CONFIG_DIR = mkdtempSync(path.join(tmpdir(), 'wizard-settings-config-'));
	});
	afterEach(() => {
		for (const name of variables) {
			if (saved.get(name) === undefined) {
				delete process.env[name];
			} else {
				process.env[name] = saved.get(name);
			}
		}
	});

	test('RESCALE_PLATFORM (a local sandbox server), RESCALE_API_KEY and RESCALE_PROJECT: the build job carries the project', async () => {
		const sandbox = await startSandbox({requireProject: true});
		process.env.RESCALE_PLATFORM = sandbox.url;
		process.env.RESCALE_API_KEY = sandbox.apiKey;
		process.env.RESCALE_PROJECT = 'Sandbox project';
		const services = await wizardWith({});
		const ui = await buildThroughTheWizard(services, 'Use the key from RESCALE_API_KEY', false);
		await ui.waitFor('✓ Built', 30_000);
		assert.ok(!ui.screen().includes(sandbox.apiKey));
		const jobs = [...sandbox.store.jobs.values()];
		assert.equal(jobs.length, 1);
		assert.equal(jobs[0]!.projectId, 'sandboxProject', 'the project named by RESCALE_PROJECT, resolved to its id');
		ui.unmount();
	});

	test('--platform URL and --api-key win over the environment; without --project the wizard asks for one, remembers it for the platform, and the build carries it', async () => {
		const sandbox = await startSandbox({requireProject: true});
		process.env.RESCALE_PLATFORM = 'https://eu.rescale.com';
		process.env.RESCALE_API_KEY = 'a-key-for-another-platform';
		const services = await wizardWith({platform: sandbox.url, apiKey: sandbox.apiKey});
		assert.deepEqual(services.settings.keys.map(key => key.source), ['the --api-key flag', 'RESCALE_API_KEY']);
		const ui = await buildThroughTheWizard(services, 'Use the key given with --api-key', true);
		await ui.waitFor('✓ Built', 30_000);
		assert.deepEqual([...sandbox.store.jobs.values()].map(job => job.projectId), ['sandboxProject']);
		assert.equal(services.config.project(clientFor(sandbox).baseUrl), 'sandboxProject', 'remembered for this platform');
		ui.unmount();
	});

	test('the build panel counts the requests the client retried (a faulty platform)', async () => {
		const sandbox = await startSandbox();
		const services = await wizardWith({platform: sandbox.url, apiKey: sandbox.apiKey});
		// The platform turns away the build's first requests (503, as when overloaded): the client retries them.
		const ui = await buildThroughTheWizard(services, 'Use the key given with --api-key', true, () => {
			sandbox.injectFault('503', 2);
		});
		await ui.waitFor('✓ Built', 60_000);
		assert.match(ui.screen(), /[1-9]\d* retried request\(s\)/);
		ui.unmount();
	});
});
