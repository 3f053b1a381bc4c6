import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {ConfigStore} from '../../source/platform/config.js';
import {createSandbox, type Sandbox} from '../../source/sandbox/server.js';
import {runCliAsync} from '../helpers/cli.js';
import {startSandbox, testApiKey} from '../helpers/sandbox.js';

function workspace() {
	const folder = mkdtempSync(path.join(tmpdir(), 'faults-'));
	const configDir = path.join(folder, 'config');
	return {folder, configDir, env: {RESCALE_APPTAINER_CONFIG_DIR: configDir, RESCALE_API_KEY: testApiKey}};
}

/** Files no job reads or wrote: uploads left behind. */
function leftoverUploads(sandbox: Sandbox): string[] {
	const used = new Set([...sandbox.store.jobs.values()].flatMap(job => [...job.jobanalyses.flatMap(analysis => analysis.inputFiles.map(input => input.id)), ...job.outputIds]));
	return [...sandbox.store.files.values()].filter(file => !used.has(file.id) && file.jobId === undefined).map(file => file.name);
}

const jobsNamed = (sandbox: Sandbox, name: string) => [...sandbox.store.jobs.values()].filter(job => job.name === name);

test('kill -9 while POST /jobs/ is in flight: the rerun finds that job by its token; one job, no leftovers', async () => {
	const sandbox = await startSandbox({createJobDelayMs: 4000});
	const {folder, env} = workspace();
	const args = ['build', '--image', 'docker://python:3.11-slim', '--name', 'killed', '--platform', sandbox.url, '--yes'];
	const watch = setInterval(() => {
		if (sandbox.store.jobs.size > 0) {
			child?.kill('SIGKILL');
		}
	}, 10);
	let child: {kill: (signal: NodeJS.Signals) => void} | undefined;
	const killed = await runCliAsync(args, {cwd: folder, env, onLine(_line, process) {
		child = process;
	}}).finally(() => {
		clearInterval(watch);
	});
	assert.equal(killed.status, null, `killed inside the create request: ${killed.stdout}`);
	assert.equal(sandbox.store.jobs.size, 1, 'the platform made the job; its answer never arrived');
	assert.doesNotMatch(killed.stdout, /- job \w+ created/);

	const rerun = await runCliAsync(args, {cwd: folder, env});
	assert.equal(rerun.status, 0, rerun.stdout + rerun.stderr);
	assert.match(rerun.stdout, /interrupted while Rescale created job (\w+); using that job/);
	assert.doesNotMatch(rerun.stdout, /uploading|upload /i);
	assert.equal(jobsNamed(sandbox, 'DO NOT REMOVE - Apptainer Image Build killed').length, 1);
	assert.deepEqual(leftoverUploads(sandbox), []);
});

test('kill -9 during the uploads: the rerun deletes what was uploaded, says so, and builds once', async () => {
	const sandbox = await startSandbox();
	const {folder, env} = workspace();
	const big = path.join(folder, 'project');
	mkdirSync(big);
	writeFileSync(path.join(big, 'Dockerfile'), 'FROM python:3.11-slim\nCOPY data.bin /data.bin\n');
	writeFileSync(path.join(big, 'data.bin'), Buffer.alloc(8 * 1024 * 1024, 7));
	const args = ['build', big, '--platform', sandbox.url, '--yes', '--context', 'upload'];
	const killed = await runCliAsync(args, {cwd: folder, env, onLine(line, child) {
		if (/context\.tar\.gz/.test(line) || sandbox.store.files.size >= 2) {
			child.kill('SIGKILL');
		}
	}});
	assert.equal(killed.status, null);
	assert.ok(sandbox.store.files.size > 0, 'something was uploaded before the kill');
	assert.equal(sandbox.store.jobs.size, 0);

	const rerun = await runCliAsync(args, {cwd: folder, env});
	assert.equal(rerun.status, 0, rerun.stdout + rerun.stderr);
	assert.match(rerun.stdout, /Deleted \d file\(s\) uploaded by an earlier attempt that was interrupted before its job existed/);
	assert.equal(sandbox.store.jobs.size, 1);
	assert.deepEqual(leftoverUploads(sandbox), []);
});

test('8 builds at once: 8 saved job ids, 8 jobs, none lost', async () => {
	const sandbox = await startSandbox({speed: 2});
	const {folder, configDir, env} = workspace();
	const names = Array.from({length: 8}, (_, index) => `parallel${index}`);
	const runs = names.map(async name => runCliAsync(['build', '--image', 'docker://python:3.11-slim', '--name', name, '--platform', sandbox.url, '--yes'], {cwd: folder, env: {...env}, onLine(line, child) {
		if (/- job \w+ submitted/.test(line)) {
			child.kill('SIGKILL');
		}
	}}));
	const results = await Promise.all(runs);
	assert.ok(results.every(result => result.status === null), results.map(result => result.stdout + result.stderr).join('\n'));
	const saved = new ConfigStore(configDir).inFlightJobs();
	assert.equal(saved.length, 8);
	assert.equal(new Set(saved.map(job => job.jobId)).size, 8);
	assert.equal(sandbox.store.jobs.size, 8);
	assert.deepEqual(new Set(saved.map(job => job.jobId)), new Set(sandbox.store.jobs.keys()));
});

test('a job-record folder that cannot be written: refused before anything is uploaded', async () => {
	const sandbox = await startSandbox();
	const {folder, configDir, env} = workspace();
	mkdirSync(configDir, {recursive: true});
	// A file where the folder should be: unwritable even for root.
	writeFileSync(path.join(configDir, 'jobs'), '');
	const result = await runCliAsync(['build', '--image', 'docker://python:3.11-slim', '--platform', sandbox.url, '--yes'], {cwd: folder, env});
	assert.equal(result.status, 1, result.stdout + result.stderr);
	assert.match(result.stderr, /cannot write the job records in .*jobs \(E\w+\); nothing was uploaded or created/);
	assert.equal(sandbox.store.files.size, 0);
	assert.equal(sandbox.store.jobs.size, 0);
});

test('a refused job creation deletes the files uploaded for it and says so', async () => {
	const sandbox = await startSandbox({requireProject: true});
	const {folder, env} = workspace();
	const result = await runCliAsync(['build', '--image', 'docker://python:3.11-slim', '--platform', sandbox.url, '--yes'], {cwd: folder, env});
	assert.notEqual(result.status, 0);
	assert.match(result.stdout, /Deleted 2 file\(s\) uploaded by this attempt \(no job was created\): python\.def, build_script\.sh/);
	assert.equal(sandbox.store.files.size, 0);
});

test('two --sandbox commands in one folder keep each other\'s files and jobs', async () => {
	const {folder, env} = workspace();
	const build = async (name: string) => runCliAsync(['build', '--image', 'docker://python:3.11-slim', '--name', name, '--sandbox', '--speed', '200'], {cwd: folder, env: {...env, RESCALE_API_KEY: ''}});
	const [first, second] = await Promise.all([build('left'), build('right')]);
	assert.equal(first.status, 0, first.stdout + first.stderr);
	assert.equal(second.status, 0, second.stdout + second.stderr);
	const stateDir = path.join(folder, '.rescale-apptainer', 'sandbox');
	const sandbox = await createSandbox({stateDir, apiKey: readFileSync(path.join(stateDir, 'api-key'), 'utf8').trim()});
	try {
		const names = [...sandbox.store.files.values()].map(file => file.name);
		assert.ok(names.includes('left.sif') && names.includes('right.sif'), names.join(', '));
		assert.equal(sandbox.store.jobs.size, 2);
	} finally {
		await sandbox.stop();
	}
});
