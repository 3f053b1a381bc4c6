import assert from 'node:assert/strict';
import {createServer, request as httpRequest} from 'node:http';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import type {Sandbox} from '../../source/sandbox/server.js';
import {exampleRoot, runCli, runCliAsync} from '../helpers/cli.js';
import {listenOnLoopback} from '../helpers/loopback-server.js';
import {clientFor, startSandbox, testApiKey} from '../helpers/sandbox.js';

function cli(args: string[], platform: string) {
	const folder = mkdtempSync(path.join(tmpdir(), 'walltime-'));
	return runCliAsync([...args, '--platform', platform, '--yes'], {cwd: folder, env: {RESCALE_API_KEY: testApiKey, RESCALE_PROJECT: '', RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config')}});
}

/** What the sandbox holds: a refused command changes none of it. */
function holdings(sandbox: Sandbox) {
	return {files: [...sandbox.store.files.keys()].sort(), jobs: sandbox.store.jobs.size};
}

/** The refusal: one short screen that names the allowed range, with no trace of a stack. */
function assertRefused(result: {status: number | null; stdout: string; stderr: string}, range: RegExp) {
	assert.equal(result.status, 2, result.stdout + result.stderr);
	assert.match(result.stderr, range);
	const lines = (result.stdout + result.stderr).trimEnd().split('\n');
	assert.ok(lines.length <= 24 && lines.every(line => line.length <= 120), result.stdout + result.stderr);
	assert.doesNotMatch(result.stdout + result.stderr, /\n\s+at |uploading|internal error/i);
}

test('build and run --walltime beyond the account\'s maximum (users/me maxJobHours) are refused before anything is uploaded or created', async () => {
	const sandbox = await startSandbox();
	const folder = mkdtempSync(path.join(tmpdir(), 'walltime-'));
	writeFileSync(path.join(folder, 'model.sif'), 'an image');
	await clientFor(sandbox).files.upload(path.join(folder, 'model.sif'));
	const before = holdings(sandbox);
	const range = /--walltime 100000: your account's jobs run at most 72 hours\nPass a whole number of hours from 1 to 72\. Nothing was uploaded or submitted\.\n$/;
	assertRefused(await cli(['build', exampleRoot, '--force', '--walltime', '100000'], sandbox.url), range);
	assertRefused(await cli(['build', '--image', 'docker://python:3.11-slim', '--walltime', '100000'], sandbox.url), range);
	assertRefused(await cli(['run', '--sif', 'model.sif', '--coretype', 'aquamarine_v3', '--walltime', '100000'], sandbox.url), range);
	assert.deepEqual(holdings(sandbox), before);
	// The bound is the account's: 72 hours is still accepted.
	const longest = await cli(['build', '--image', 'docker://python:3.11-slim', '--walltime', '72'], sandbox.url);
	assert.equal(longest.status, 0, longest.stdout + longest.stderr);
});

test('the bound is what the platform says for this account, not a number of ours', async () => {
	const sandbox = await startSandbox();
	// The sandbox, but its users/me says this account's jobs run at most 4 hours.
	const server = createServer((request, response) => {
		if (request.url === '/api/v2/users/me/') {
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({email: 'short@sandbox.invalid', maxJobHours: 4}));
			return;
		}

		const target = new URL(request.url ?? '/', sandbox.url);
		request.pipe(httpRequest(target, {method: request.method, headers: {...request.headers, host: target.host}}, upstream => {
			response.writeHead(upstream.statusCode ?? 502, upstream.headers);
			upstream.pipe(response);
		}));
	});
	const platform = await listenOnLoopback(server);
	assertRefused(await cli(['build', '--image', 'docker://python:3.11-slim', '--walltime', '5'], platform), /--walltime 5: your account's jobs run at most 4 hours\nPass a whole number of hours from 1 to 4\./);
	assert.deepEqual(holdings(sandbox), {files: [], jobs: 0});
});

test('a walltime that is not a whole number of hours from 1 is refused before the platform is asked anything', () => {
	// Nothing listens there and no key is given: only a refusal up front can answer.
	for (const [walltime, pass] of [['-3', '1'], ['0', '1'], ['2.5', '3']] as const) {
		for (const command of [['run', '--sif', 'model.sif', '--coretype', 'aquamarine_v3'], ['build', '--image', 'docker://python:3.11-slim']]) {
			const folder = mkdtempSync(path.join(tmpdir(), 'walltime-'));
			const result = runCli([...command, '--walltime', walltime, '--platform', 'http://127.0.0.1:9', '--yes'], {cwd: folder, env: {RESCALE_API_KEY: '', RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config')}});
			assertRefused(result, new RegExp(`^rescale-apptainer: --walltime ${walltime}: Rescale books walltime in whole hours \\(1 or more\\)\\nPass --walltime ${pass}\\.\\n$`));
		}
	}
});
