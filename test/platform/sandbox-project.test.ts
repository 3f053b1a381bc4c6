import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, realpathSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {ConfigStore} from '../../source/platform/config.js';
import {createSandbox} from '../../source/sandbox/server.js';
import {runCliAsync} from '../helpers/cli.js';

test('a headless --sandbox build without --project charges the project the wizard remembered for that sandbox', async () => {
	const folder = realpathSync(mkdtempSync(path.join(tmpdir(), 'sandbox-project-')));
	const configDir = path.join(folder, 'config');
	const stateDir = path.join(folder, '.rescale-apptainer', 'sandbox');
	// What the wizard's key step does once a project is picked in an embedded-sandbox session.
	await new ConfigStore(configDir).rememberProject(`sandbox:${stateDir}`, 'sandboxProject');
	const env = {RESCALE_APPTAINER_CONFIG_DIR: configDir, RESCALE_API_KEY: '', RESCALE_PROJECT: ''};
	const result = await runCliAsync(['build', '--image', 'docker://python:3.11-slim', '--name', 'charged', '--sandbox', '--yes', '--speed', '200'], {cwd: folder, env});
	assert.equal(result.status, 0, result.stdout + result.stderr);
	assert.match(result.stdout, /Jobs are charged to project Sandbox project \(sandboxProject\)/);
	const sandbox = await createSandbox({stateDir, apiKey: readFileSync(path.join(stateDir, 'api-key'), 'utf8').trim()});
	try {
		const jobs = [...sandbox.store.jobs.values()];
		assert.deepEqual(jobs.map(job => job.projectId), ['sandboxProject']);
	} finally {
		await sandbox.stop();
	}
});
