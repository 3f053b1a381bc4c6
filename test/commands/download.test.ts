import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import type {Sandbox} from '../../source/sandbox/server.js';
import type {StoredJob} from '../../source/sandbox/store.js';
import {runCliAsync} from '../helpers/cli.js';
import {clientFor, startSandbox, testApiKey, waitForStatus} from '../helpers/sandbox.js';

/** A job in the sandbox with these statuses (oldest first) and files: [name, typeId, content]. */
function addJob(sandbox: Sandbox, id: string, statuses: string[], files: Array<[string, number, string]>, cluster: string[] = []) {
	const {store} = sandbox;
	const outputIds = files.map(([name, typeId, content], index) => {
		const file = store.addFile({id: `${id}f${index}`, name: name.split('/').at(-1) ?? name, typeId, decryptedSize: content.length, jobId: id, relativePath: name});
		writeFileSync(store.blobPath(file.id), content);
		return file.id;
	});
	const job: StoredJob = {
		id, name: 'Apptainer run x.sif', description: '', projectId: null, isLowPriority: false, jobanalyses: [], dateInserted: '2026-01-01T12:00:00Z', applied: 0,
		statuses: statuses.map(status => ({status, statusDate: '2026-01-01T12:00:00Z', statusReason: ''})), clusterStatuses: cluster.map(status => ({status, statusDate: '2026-01-01T12:00:00Z', statusReason: ''})), log: [], outputIds,
	};
	store.jobs.set(id, job);
}

async function download(sandbox: Sandbox, folder: string, args: string[]) {
	return runCliAsync(['download', ...args, '--platform', sandbox.url], {cwd: folder, env: {RESCALE_API_KEY: testApiKey, RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config')}});
}

test('download JOB: an ended job\'s outputs into ./rescale-outputs/JOB, never its input image; hostile names stay inside; no job is submitted', async () => {
	const sandbox = await startSandbox();
	addJob(sandbox, 'J1', ['Pending', 'Executing', 'Completed'], [
		['outputs/metrics.csv', 5, 'epoch,loss\n1,0.5\n'],
		['../../escaped.txt', 5, 'kept inside'],
		['x.sif', 1, 'the image: an input'],
	]);
	const folder = mkdtempSync(path.join(tmpdir(), 'download-'));
	const result = await download(sandbox, folder, ['J1']);
	assert.equal(result.status, 0, result.stdout + result.stderr);
	const target = path.join(folder, 'rescale-outputs', 'J1');
	assert.match(result.stdout, new RegExp(`Downloaded 2 output file\\(s\\) of job J1 into ${target.replaceAll('/', String.raw`\/`)}`));
	assert.equal(readFileSync(path.join(target, 'outputs', 'metrics.csv'), 'utf8'), 'epoch,loss\n1,0.5\n');
	assert.equal(readFileSync(path.join(target, 'escaped.txt'), 'utf8'), 'kept inside');
	assert.ok(!existsSync(path.join(folder, 'escaped.txt')) && !existsSync(path.join(folder, 'rescale-outputs', 'escaped.txt')), 'nothing outside the folder');
	assert.deepEqual(readdirSync(target).sort(), ['escaped.txt', 'outputs'], 'the input image is left on Rescale');
	assert.equal(sandbox.store.jobs.size, 1, 'no new job');
	assert.ok(!result.stdout.includes(testApiKey) && !result.stderr.includes(testApiKey));
});

test('download JOB of a job that ended long ago, its cluster stopped: no "waiting" line and no file announced as just filed', async () => {
	const sandbox = await startSandbox();
	addJob(sandbox, 'J1', ['Pending', 'Executing', 'Completed'], [['process_output.log', 5, 'done\n'], ['out.txt', 5, 'result']], ['Started', 'Stop Requested', 'Stopping', 'Stopped']);
	const folder = mkdtempSync(path.join(tmpdir(), 'download-'));
	const result = await download(sandbox, folder, ['J1', 'out']);
	assert.equal(result.status, 0, result.stdout + result.stderr);
	assert.doesNotMatch(result.stdout + result.stderr, /waiting|Rescale filed/);
	assert.equal(readFileSync(path.join(folder, 'out', 'out.txt'), 'utf8'), 'result');
});

test('download JOB DIR: a DIR that is an existing file is refused and kept; a job still running says so and exits 1; a missing JOB is a usage error', async () => {
	const sandbox = await startSandbox();
	addJob(sandbox, 'J1', ['Pending', 'Completed'], [['out.txt', 5, 'result']]);
	addJob(sandbox, 'J2', ['Pending', 'Executing'], [['out.txt', 5, 'partial']]);
	const folder = mkdtempSync(path.join(tmpdir(), 'download-'));
	writeFileSync(path.join(folder, 'results'), 'not a folder');
	const blocked = await download(sandbox, folder, ['J1', 'results']);
	assert.equal(blocked.status, 2, blocked.stdout + blocked.stderr);
	assert.match(blocked.stderr, /results: that is an existing file, not a folder; nothing was downloaded/);
	assert.equal(readFileSync(path.join(folder, 'results'), 'utf8'), 'not a folder');

	const running = await download(sandbox, folder, ['J2', 'partial']);
	assert.equal(running.status, 1);
	assert.match(running.stderr, /job J2 has not ended \(status Executing\): its output files are complete only once it has\. Nothing was downloaded\./);
	assert.ok(!existsSync(path.join(folder, 'partial')));

	const missing = await download(sandbox, folder, []);
	assert.equal(missing.status, 2);
	assert.match(missing.stderr, /download needs the id of a job/);
	const extra = await download(sandbox, folder, ['J1', 'a', 'b']);
	assert.equal(extra.status, 2);
	assert.match(extra.stderr, /download takes at most 2 words/);
});

test('download JOB: a file the platform will not serve exits 1 with a line that says not all files were downloaded', async () => {
	const sandbox = await startSandbox();
	addJob(sandbox, 'J1', ['Completed'], [['a.txt', 5, 'a'], ['b.txt', 5, 'b']]);
	// Listed, but its contents are gone.
	rmSync(sandbox.store.blobPath('J1f1'));
	const folder = mkdtempSync(path.join(tmpdir(), 'download-'));
	const result = await download(sandbox, folder, ['J1', 'out']);
	assert.equal(result.status, 1, result.stdout + result.stderr);
	assert.match(result.stderr, /not all 2 output file\(s\) of job J1 were downloaded/);
});

test('download --help names its arguments and flags; the overview lists it', async () => {
	const help = await runCliAsync(['download', '--help']);
	assert.equal(help.status, 0);
	assert.match(help.stdout, /rescale-apptainer download JOB \[DIR\]/);
	assert.match(help.stdout, /--sandbox/);
	assert.match(help.stdout, /--platform P/);
	assert.doesNotMatch(help.stdout, /--yes|--coretype/);
	const overview = await runCliAsync(['--help']);
	assert.match(overview.stdout, /download +Download an ended job's output files \(no new job\)/);
});

test('download right when the job completes waits for Rescale to file its outputs, saying so, and gets them all', async () => {
	// At speed 20 the outputs come about a second after Completed: the command starts well before.
	const sandbox = await startSandbox({speed: 20});
	const client = clientFor(sandbox);
	const folder = mkdtempSync(path.join(tmpdir(), 'download-'));
	writeFileSync(path.join(folder, 'build_script.sh'), 'echo hello\n');
	const input = await client.files.upload(path.join(folder, 'build_script.sh'));
	const job = await client.jobs.create({name: 'downloaded', jobanalyses: [{analysis: {code: 'user_included_apptainer_container', version: '1.0.1'}, command: 'sh build_script.sh', hardware: {coreType: 'emerald', coresPerSlot: 2, walltime: 1}, inputFiles: [{id: input.id, decompress: false}]}]});
	await client.jobs.submit(job.id);
	await waitForStatus(client, job.id, 'Completed', 60_000);
	assert.deepEqual(await client.jobs.files(job.id), [], 'nothing is filed yet at Completed');
	const result = await download(sandbox, folder, [job.id]);
	assert.equal(result.status, 0, result.stdout + result.stderr);
	assert.match(result.stdout + result.stderr, /waiting for Rescale to file its outputs/);
	assert.ok(existsSync(path.join(folder, 'rescale-outputs', job.id, 'process_output.log')), readdirSync(folder, {recursive: true}).join(', '));
});
