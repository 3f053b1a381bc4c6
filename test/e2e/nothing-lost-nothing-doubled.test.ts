import assert from 'node:assert/strict';
import type {ChildProcess} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync} from 'node:fs';
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

test('kill -9 while an upload is in flight: the rerun deletes the file it left, says so in one line, and builds once', async () => {
	// The file is stored at once; its answer comes late: a kill lands while the upload is in flight.
	const sandbox = await startSandbox({uploadAnswerDelayMs: 3000});
	const {folder, configDir, env} = workspace();
	const args = ['build', '--image', 'docker://python:3.11-slim', '--name', 'midupload', '--platform', sandbox.url, '--yes'];
	let child: {kill: (signal: NodeJS.Signals) => void} | undefined;
	const watch = setInterval(() => {
		if (sandbox.store.files.size > 0) {
			child?.kill('SIGKILL');
		}
	}, 10);
	const killed = await runCliAsync(args, {cwd: folder, env, onLine(_line, process) {
		child = process;
	}}).finally(() => {
		clearInterval(watch);
	});
	assert.equal(killed.status, null, killed.stdout);
	assert.deepEqual([...sandbox.store.files.values()].map(file => file.name), ['midupload.def'], 'the file landed; its answer never arrived');
	assert.deepEqual(new ConfigStore(configDir).jobs.all().map(record => record.uploads), [[]], 'no upload was known finished');

	const rerun = await runCliAsync(args, {cwd: folder, env});
	assert.equal(rerun.status, 0, rerun.stdout + rerun.stderr);
	assert.equal(rerun.stdout.match(/^.*Deleted 1 upload left by an interrupted run \(midupload\.def\)\.$/gm)?.length, 1, rerun.stdout);
	assert.equal(sandbox.store.jobs.size, 1);
	assert.deepEqual(leftoverUploads(sandbox), []);
});

test('Ctrl-C while an upload is in flight: the file may still land, so the next run looks for it and deletes it', async () => {
	const sandbox = await startSandbox({uploadAnswerDelayMs: 3000});
	const {folder, env} = workspace();
	const args = ['build', '--image', 'docker://python:3.11-slim', '--name', 'interrupted', '--platform', sandbox.url, '--yes'];
	let child: {kill: (signal: NodeJS.Signals) => void} | undefined;
	const watch = setInterval(() => {
		if (sandbox.store.files.size > 0) {
			child?.kill('SIGINT');
		}
	}, 10);
	const interrupted = await runCliAsync(args, {cwd: folder, env, onLine(_line, process) {
		child = process;
	}}).finally(() => {
		clearInterval(watch);
	});
	assert.notEqual(interrupted.status, 0, interrupted.stdout);
	assert.deepEqual([...sandbox.store.files.values()].map(file => file.name), ['interrupted.def']);

	const rerun = await runCliAsync(args, {cwd: folder, env});
	assert.equal(rerun.status, 0, rerun.stdout + rerun.stderr);
	assert.match(rerun.stdout, /Deleted 1 upload left by an interrupted run \(interrupted\.def\)\./);
	assert.deepEqual(leftoverUploads(sandbox), []);
});

/** A Dockerfile project whose context archive comes out byte for byte the same wherever it is packed. */
function identicalProject(parent: string): string {
	const project = path.join(parent, 'project');
	mkdirSync(project, {recursive: true});
	writeFileSync(path.join(project, 'Dockerfile'), 'FROM python:3.11-slim\nCOPY data.bin /data.bin\n');
	writeFileSync(path.join(project, 'data.bin'), Buffer.alloc(64 * 1024, 3));
	for (const file of ['Dockerfile', 'data.bin']) {
		utimesSync(path.join(project, file), 1_700_000_000, 1_700_000_000);
	}

	return project;
}

test('two builds of identical contexts at once, one killed mid-upload: its rerun deletes only its own leftover, never the live one\'s files', async () => {
	const sandbox = await startSandbox({uploadAnswerDelayMs: 4000});
	const {folder, configDir, env} = workspace();
	const build = async (name: string, onLine?: (line: string, child: ChildProcess) => void) => {
		const cwd = path.join(folder, name);
		identicalProject(cwd);
		return runCliAsync(['build', 'project', '--name', name, '--context', 'upload', '--platform', sandbox.url, '--yes'], {cwd, env, onLine});
	};

	const contexts = () => [...sandbox.store.files.values()].filter(file => file.name === 'context.tar.gz');
	let killedChild: {kill: (signal: NodeJS.Signals) => void} | undefined;
	const watch = setInterval(() => {
		// Both archives stored, neither answered yet: the killed command's upload is in flight.
		if (contexts().length >= 2) {
			killedChild?.kill('SIGKILL');
		}
	}, 10);
	const live = build('live');
	const killed = await build('killed', (_line, child) => {
		killedChild = child;
	}).finally(() => {
		clearInterval(watch);
	});
	assert.equal(killed.status, null, killed.stdout);
	assert.equal(new Set(contexts().map(file => file.decryptedSize)).size, 1, 'the two archives have the same name and size');
	assert.deepEqual(new ConfigStore(configDir).jobs.all().filter(record => record.name.endsWith('killed')).map(record => record.pending?.map(upload => upload.name)), [['context.tar.gz']]);

	const lived = await live;
	assert.equal(lived.status, 0, lived.stdout + lived.stderr);
	const rerun = await build('killed');
	assert.equal(rerun.status, 0, rerun.stdout + rerun.stderr);
	assert.match(rerun.stdout, /Deleted 1 upload left by an interrupted run \(context\.tar\.gz\)/);
	const jobs = [...sandbox.store.jobs.values()];
	assert.deepEqual(jobs.map(job => job.name).sort(), ['DO NOT REMOVE - Apptainer Image Build killed', 'DO NOT REMOVE - Apptainer Image Build live']);
	for (const job of jobs) {
		const inputs = job.jobanalyses.flatMap(analysis => analysis.inputFiles.map(input => input.id));
		assert.deepEqual(inputs.filter(id => !sandbox.store.files.has(id)), [], `every input of ${job.name} is still there`);
	}

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
	const build = async (name: string) => runCliAsync(['build', '--image', 'docker://python:3.11-slim', '--name', name, '--sandbox', '--yes', '--speed', '200'], {cwd: folder, env: {...env, RESCALE_API_KEY: ''}});
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
