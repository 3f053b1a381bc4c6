import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {after, describe, test} from 'node:test';
import {RescaleClient} from '../../source/rescale/client.js';
import {createSandbox} from '../../source/sandbox/server.js';
import {builtCli, exampleRoot, runCliAsync} from '../helpers/cli.js';
import {jobsNamed, testApiKey} from '../helpers/sandbox.js';

const buildJobName = 'DO NOT REMOVE - Apptainer Image Build gauge-equivariant-mesh-cnn';

function workspace() {
	const folder = mkdtempSync(path.join(tmpdir(), 'pipeline-'));
	return {folder, env: {RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config'), RESCALE_API_KEY: ''}};
}

/** A sandbox in its own process, as a user would run it, so the CLI under test can be killed freely. */
async function externalSandbox(extra: string[] = []) {
	const child = spawn(process.execPath, [builtCli, 'sandbox', '--json', '--port', '0', '--api-key', testApiKey, ...extra], {stdio: ['ignore', 'pipe', 'inherit']});
	const {url} = JSON.parse(await new Promise<string>(resolve => {
		createInterface({input: child.stdout}).once('line', resolve);
	})) as {url: string};
	after(() => {
		child.kill('SIGINT');
	});
	return {url, client: new RescaleClient({platform: url, apiKey: testApiKey, retry: {baseDelayMs: 5}})};
}

describe('build then run, through the CLI, against the embedded sandbox', () => {
	const {folder, env} = workspace();

	test('build the example: validated with --fix, built, SIF filed in apptainer_images as an input file', async () => {
		const refused = await runCliAsync(['build', exampleRoot, '--sandbox'], {cwd: folder, env});
		assert.equal(refused.status, 1);
		assert.match(refused.stderr, /torch-wheel-mismatch[\s\S]*Add --fix/);

		const result = await runCliAsync(['build', exampleRoot, '--sandbox', '--yes', '--fix', '--speed', '400'], {cwd: folder, env});
		assert.equal(result.status, 0, result.stdout + result.stderr);
		assert.match(result.stdout, /--fix changed line 1: pytorch\/pytorch:1\.10\.0-cuda11\.3-cudnn8-runtime -> pytorch\/pytorch:1\.11\.0-cuda11\.3-cudnn8-runtime/);
		assert.match(result.stdout, /Context: upload of 5 files/);
		assert.match(result.stdout, /status Executing[\s\S]*\| .*INFO: {4}Build complete[\s\S]*status Completed/);
		assert.match(result.stdout, /Built gauge-equivariant-mesh-cnn\.sif \(file id \w+/);

		const stateDir = path.join(folder, '.rescale-apptainer', 'sandbox');
		const sandbox = await createSandbox({stateDir, apiKey: readFileSync(path.join(stateDir, 'api-key'), 'utf8').trim()});
		try {
			const client = new RescaleClient({platform: sandbox.url, apiKey: sandbox.apiKey});
			const sif = (await client.files.list('gauge-equivariant-mesh-cnn.sif'))[0]!;
			assert.equal(sif.typeId, 1, 'tagged as an input file');
			const folderId = (await client.folders.list()).find(candidate => candidate.name === 'apptainer_images')!.id;
			assert.deepEqual(sandbox.store.folders.get(folderId)?.fileIds, [sif.id]);
			assert.equal((await jobsNamed(client, buildJobName)).length, 1);
		} finally {
			await sandbox.stop();
		}
	});

	test('a run whose script path is not in the image is refused before anything is submitted', async () => {
		const result = await runCliAsync(['run', '--sandbox', '--sif', 'gauge-equivariant-mesh-cnn.sif', '--coretype', 'aquamarine_v3', '--', 'python', '/experiments/shapes.py'], {cwd: folder, env});
		assert.equal(result.status, 2);
		assert.match(result.stderr, /\/experiments\/shapes\.py is not in the image; it holds \/workspace\/experiments\/shapes\.py/);
	});

	test('run it on a GPU coretype: completed, metrics in the log, outputs listed and downloaded', async () => {
		const result = await runCliAsync(['run', '--sandbox', '--yes', '--speed', '400', '--sif', 'gauge-equivariant-mesh-cnn.sif', '--coretype', 'aquamarine_v3', '--download', 'results', '--', 'python', '/workspace/experiments/shapes.py', '--epochs', '3'], {cwd: folder, env});
		assert.equal(result.status, 0, result.stdout + result.stderr);
		assert.match(result.stdout, /Command: apptainer run --nv gauge-equivariant-mesh-cnn\.sif python \/workspace\/experiments\/shapes\.py --epochs 3/);
		assert.match(result.stdout, /On: Aquamarine v3 \(aquamarine_v3\), 6 cores, 1 GPU\(s\), walltime 1 h, at most \$5\.05/);
		assert.equal(result.stdout.match(/Test Results - Epoch: \d/g)?.length, 3);
		assert.match(result.stdout, /Completed \(Completed successfully\)\. Output files:[\s\S]*outputs\/metrics\.csv/);
		assert.ok(existsSync(path.join(folder, 'results', 'outputs', 'metrics.csv')));
		assert.match(readFileSync(path.join(folder, 'results', 'process_output.log'), 'utf8'), /Launching .*; apptainer run --nv gauge-equivariant-mesh-cnn\.sif python/);
	});
});

test('build and run against a sandbox that injects faults end with exactly one job each', async () => {
	const {folder, env} = workspace();
	const {url, client} = await externalSandbox(['--speed', '400', '--faults', '429=0.05,500=0.04,502=0.03,reset=0.04,seed=5']);
	const withKey = {...env, RESCALE_API_KEY: testApiKey};
	const build = await runCliAsync(['build', exampleRoot, '--platform', url, '--fix', '--yes'], {cwd: folder, env: withKey});
	assert.equal(build.status, 0, build.stdout + build.stderr);
	const run = await runCliAsync(['run', '--platform', url, '--yes', '--sif', 'gauge-equivariant-mesh-cnn.sif', '--coretype', 'aquamarine_v3', '--', 'python', '/workspace/experiments/shapes.py', '--epochs', '2'], {cwd: folder, env: withKey});
	assert.equal(run.status, 0, run.stdout + run.stderr);
	assert.equal((await jobsNamed(client, buildJobName)).length, 1);
	assert.equal((await jobsNamed(client, 'Apptainer run gauge-equivariant-mesh-cnn.sif on aquamarine_v3')).length, 1);
	assert.ok(!(build.stdout + build.stderr + run.stdout + run.stderr).includes(testApiKey));
});

test('resume: a build killed (SIGKILL) while its job runs reattaches on restart; the platform holds one build job', async () => {
	const {folder, env} = workspace();
	const {url, client} = await externalSandbox(['--speed', '15']);
	const withKey = {...env, RESCALE_API_KEY: testApiKey};
	const args = ['build', exampleRoot, '--platform', url, '--fix', '--yes'];
	let created: string | undefined;
	const killed = await runCliAsync(args, {cwd: folder, env: withKey, onLine(line, child) {
		const match = /^- job (\w+) submitted/.exec(line);
		if (match) {
			created = match[1];
			child.kill('SIGKILL');
		}
	}});
	assert.equal(killed.status, null, 'killed');
	assert.ok(created);
	const resumed = await runCliAsync(args, {cwd: folder, env: withKey});
	assert.equal(resumed.status, 0, resumed.stdout + resumed.stderr);
	assert.match(resumed.stdout, new RegExp(`- job ${created} reattached`));
	assert.doesNotMatch(resumed.stdout, /uploading/);
	assert.deepEqual((await jobsNamed(client, buildJobName)).map(job => job.id), [created]);
});

test('Ctrl-C while following leaves the job running and says how to reattach; --stop-on-exit stops it', async () => {
	const {folder, env} = workspace();
	const {url, client} = await externalSandbox(['--speed', '5']);
	const withKey = {...env, RESCALE_API_KEY: testApiKey};
	const interrupt = (extra: string[]) => runCliAsync(['build', exampleRoot, '--platform', url, '--fix', '--yes', ...extra], {cwd: folder, env: withKey, onLine(line, child) {
		if (/^ {2}status Waiting for Queue/.test(line)) {
			child.kill('SIGINT');
		}
	}});
	const left = await interrupt([]);
	assert.equal(left.status, 130);
	const job = /keeps running on Rescale as job (\w+)\. Run the same command again/.exec(left.stdout)?.[1];
	assert.ok(job, left.stdout);
	// The command to run again keeps --fix: without it the same Dockerfile fails validation.
	assert.ok(left.stdout.includes(`(rescale-apptainer build ${exampleRoot} --platform ${url} --fix --yes)`), left.stdout);
	assert.ok(!(await client.jobs.statuses(job)).some(status => status.status === 'Stopping'));

	const stopped = await interrupt(['--new', '--stop-on-exit']);
	assert.equal(stopped.status, 130);
	const stoppedJob = /Asked Rescale to stop job (\w+)/.exec(stopped.stdout)?.[1];
	assert.ok(stoppedJob && stoppedJob !== job, stopped.stdout);
	assert.ok((await client.jobs.statuses(stoppedJob)).some(status => status.status === 'Stopping'));
});

test('without a terminal and without --yes, a paid job is not submitted', async () => {
	const {folder, env} = workspace();
	const {url, client} = await externalSandbox();
	const result = await runCliAsync(['build', exampleRoot, '--platform', url, '--fix'], {cwd: folder, env: {...env, RESCALE_API_KEY: testApiKey}});
	assert.equal(result.status, 2);
	assert.match(result.stderr, /not submitting a paid job without confirmation\nAdd --yes/);
	assert.equal((await jobsNamed(client, buildJobName)).length, 0);
});

test('--image docker-daemon:// without a Docker engine says so clearly', async () => {
	const {folder, env} = workspace();
	const result = await runCliAsync(['build', '--image', 'docker-daemon://mine:1.0', '--sandbox'], {cwd: folder, env});
	assert.equal(result.status, 2);
	assert.match(result.stderr, /no Docker engine answers on this machine/);
});
