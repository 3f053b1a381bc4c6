import assert from 'node:assert/strict';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {runCliAsync} from '../helpers/cli.js';
import {startSandbox, testApiKey} from '../helpers/sandbox.js';

test('--walltime 0.001 is one clear line, before anything is uploaded or created', async () => {
	const sandbox = await startSandbox();
	const folder = mkdtempSync(path.join(tmpdir(), 'walltime-'));
	const env = {RESCALE_API_KEY: testApiKey, RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config')};
	const build = await runCliAsync(['build', '--image', 'docker://python:3.11-slim', '--walltime', '0.001', '--platform', sandbox.url, '--yes'], {cwd: folder, env});
	assert.equal(build.status, 2, build.stdout + build.stderr);
	assert.match(build.stderr, /^rescale-apptainer: --walltime 0\.001: Rescale books walltime in whole hours \(1 or more\)\nPass --walltime 1\.\n$/);
	assert.equal(sandbox.store.jobs.size, 0);
	assert.equal(sandbox.store.files.size, 0);
});
