import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {createSandbox} from '../../source/sandbox/server.js';
import {builtCli, runCliAsync, type CliResult} from '../helpers/cli.js';
import {startSandbox, testApiKey} from '../helpers/sandbox.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';

const image = ['--image', 'docker://python:3.11-slim'];
const runArgs = ['--sif', 'python.sif', '--coretype', 'aquamarine_v3'];

function workspace() {
	const folder = mkdtempSync(path.join(tmpdir(), 'sandbox-yes-'));
	return {folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: '', RESCALE_PLATFORM: '', RESCALE_PROJECT: ''}};
}

/** What the embedded sandbox of that folder holds: its jobs and files, read from its saved state. */
async function embeddedState(folder: string) {
	const stateDir = path.join(folder, '.rescale-apptainer', 'sandbox');
	const sandbox = await createSandbox({stateDir, apiKey: readFileSync(path.join(stateDir, 'api-key'), 'utf8').trim()});
	try {
		return {jobs: [...sandbox.store.jobs.values()].map(job => job.name), files: [...sandbox.store.files.values()].map(file => file.name)};
	} finally {
		await sandbox.stop();
	}
}

function assertRefused(result: CliResult, what: string) {
	assert.equal(result.status, 2, result.stdout + result.stderr);
	assert.match(result.stderr, new RegExp(`^rescale-apptainer: not submitting ${what} without confirmation\nAdd --yes to submit from a script: there is no terminal to ask on`));
	assert.doesNotMatch(result.stdout, /uploading|created/);
}

test('off a terminal without --yes, build --sandbox and run --sandbox refuse before uploading or submitting anything, as against Rescale', async () => {
	const {folder, env} = workspace();
	// stdin a pipe (a script) for the build, /dev/null for the run.
	assertRefused(await runCliAsync(['build', ...image, '--sandbox', '--speed', '400'], {cwd: folder, env}), 'the build job to the sandbox');
	assert.deepEqual(await embeddedState(folder), {jobs: [], files: []});

	const built = await runCliAsync(['build', ...image, '--sandbox', '--yes', '--speed', '400'], {cwd: folder, env});
	assert.equal(built.status, 0, built.stdout + built.stderr);
	const before = await embeddedState(folder);
	assert.equal(before.jobs.length, 1, 'the build');

	const run = spawnSync(process.execPath, [builtCli, 'run', '--sandbox', '--speed', '400', ...runArgs], {cwd: folder, env: {...process.env, NO_COLOR: '1', ...env}, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	assertRefused({status: run.status, stdout: run.stdout, stderr: run.stderr}, 'the job to the sandbox');
	assert.deepEqual(await embeddedState(folder), before, 'no run job, nothing uploaded');

	const ran = await runCliAsync(['run', '--sandbox', '--yes', '--speed', '400', ...runArgs], {cwd: folder, env});
	assert.equal(ran.status, 0, ran.stdout + ran.stderr);
});

test('the same script against a platform URL (Rescale, or a `sandbox` server) is refused the same way, and works with --yes', async () => {
	const sandbox = await startSandbox();
	const {folder, env} = workspace();
	const platform = {...env, RESCALE_API_KEY: testApiKey};
	assertRefused(await runCliAsync(['build', ...image, '--platform', sandbox.url], {cwd: folder, env: platform}), 'a paid job');
	assert.equal(sandbox.store.jobs.size + sandbox.store.files.size, 0);
	const built = await runCliAsync(['build', ...image, '--platform', sandbox.url, '--yes'], {cwd: folder, env: platform});
	assert.equal(built.status, 0, built.stdout + built.stderr);
	assertRefused(await runCliAsync(['run', ...runArgs, '--platform', sandbox.url], {cwd: folder, env: platform}), 'a paid job');
	assert.equal(sandbox.store.jobs.size, 1, 'only the build');
});

test('at a terminal, the sandbox submits without asking, and a platform URL asks first (n: not submitted)', {skip: !hasTmux && 'needs tmux'}, async () => {
	const sandbox = await startSandbox();
	const {folder, env} = workspace();
	const terminal = (args: string[], extra: Record<string, string> = {}) => {
		const session = new TmuxSession(['node', builtCli, 'build', ...image, ...args].join(' '), {cwd: folder, env: {...env, NO_COLOR: '1', ...extra}});
		after(() => {
			session.close();
		});
		return session;
	};

	const embedded = terminal(['--sandbox', '--speed', '400']);
	assert.match(await embedded.waitFor(/EXIT=\d+/), /Built python\.sif[\s\S]*EXIT=0/);
	assert.doesNotMatch(embedded.history(), /\[y\/N\]|without confirmation/);

	const platform = terminal(['--platform', sandbox.url], {RESCALE_API_KEY: testApiKey});
	await platform.waitFor('Submit the build job to Rescale? It is billed while it runs. [y/N]');
	platform.press('n', 'Enter');
	assert.match(await platform.waitFor(/EXIT=\d+/), /Not submitted\.\s+EXIT=1/);
	assert.equal(sandbox.store.jobs.size, 0);
});
