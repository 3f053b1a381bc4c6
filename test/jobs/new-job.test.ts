import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {createServer, request as httpRequest} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {createOrReattachJob} from '../../source/jobs/create-job.js';
import type {PipelineEvent} from '../../source/jobs/events.js';
import {prepareBuild} from '../../source/image-build/plan.js';
import {ConfigStore} from '../../source/platform/config.js';
import type {JobRequest, RescaleFile} from '../../source/rescale/types.js';
import type {Sandbox} from '../../source/sandbox/server.js';
import {runCliAsync} from '../helpers/cli.js';
import {listenOnLoopback} from '../helpers/loopback-server.js';
import {clientFor, startSandbox, testApiKey} from '../helpers/sandbox.js';

function request(name: string, inputs: RescaleFile[]): JobRequest {
	return {name, jobanalyses: [{analysis: {code: 'user_included_apptainer_container', version: '1.0.1'}, command: 'true', hardware: {coreType: 'emerald', coresPerSlot: 2, slots: 1, walltime: 1}, inputFiles: inputs.map(file => ({id: file.id, decompress: false}))}]};
}

/** Files on the platform that no job reads and no job wrote. */
function leftovers(sandbox: Sandbox): string[] {
	const read = new Set([...sandbox.store.jobs.values()].flatMap(job => job.jobanalyses.flatMap(analysis => analysis.inputFiles.map(input => input.id))));
	return [...sandbox.store.files.values()].filter(file => !read.has(file.id) && file.jobId === undefined).map(file => `${file.name} (${file.id})`);
}

test('build --new over a record whose upload never got a job deletes that upload first and says so in one line', async () => {
	const sandbox = await startSandbox();
	const client = clientFor(sandbox);
	const folder = mkdtempSync(path.join(tmpdir(), 'new-job-'));
	const out = path.join(folder, 'out');
	const configDir = path.join(folder, 'config');
	const plan = await prepareBuild({source: {image: 'docker://python:3.11-slim'}, outDir: out, hardware: {}, coretypes: await client.catalog.coretypes(), platform: client.baseUrl});
	const orphan = await client.files.upload(plan.defFile);
	new ConfigStore(configDir).jobs.save(plan.key, {kind: 'build', name: plan.jobName, platform: client.baseUrl, token: 'never-created', uploads: [{id: orphan.id, name: orphan.name}], savedAt: new Date().toISOString()});

	const result = await runCliAsync(['build', '--image', 'docker://python:3.11-slim', '--out', out, '--platform', sandbox.url, '--yes', '--new'], {cwd: folder, env: {RESCALE_API_KEY: testApiKey, RESCALE_APPTAINER_CONFIG_DIR: configDir}});
	const output = result.stdout + result.stderr;
	assert.equal(result.status, 0, output);
	assert.equal(sandbox.store.files.has(orphan.id), false, 'the earlier upload is gone');
	assert.deepEqual(leftovers(sandbox), []);
	assert.equal(sandbox.store.jobs.size, 1);
	assert.deepEqual(output.split('\n').filter(line => /Deleted|deleted/.test(line)), ['i Deleted 1 file(s) uploaded by an earlier attempt that was interrupted before its job existed: python.def.']);
});

test('--new over a record whose job still runs names that job, leaves it and its inputs alone, and records the new one', async () => {
	const sandbox = await startSandbox({speed: 1});
	const client = clientFor(sandbox);
	const folder = mkdtempSync(path.join(tmpdir(), 'new-job-'));
	const local = path.join(folder, 'build_script.sh');
	writeFileSync(local, 'true\n');
	const input = await client.files.upload(local);
	const running = await client.jobs.create(request('earlier', [input]));
	await client.jobs.submit(running.id);
	const status = (await client.jobs.statuses(running.id))[0]!.status;
	assert.notEqual(status, 'Completed');
	const config = new ConfigStore(path.join(folder, 'config'));
	config.jobs.save('plan', {kind: 'build', name: 'earlier', platform: client.baseUrl, token: 'earlier', uploads: [{id: input.id, name: input.name}], jobId: running.id, savedAt: new Date().toISOString()});
	const events: PipelineEvent[] = [];

	const created = await createOrReattachJob({client, config, platform: client.baseUrl, onEvent: event => events.push(event), newJob: true, pollMs: 20}, {kind: 'build', planKey: 'plan', name: 'again', uploads: [local], request: async uploaded => request('again', uploaded)});
	assert.notEqual(created, running.id);
	const notices = events.flatMap(event => event.kind === 'notice' ? [`${event.level}: ${event.message}`] : []);
	assert.deepEqual(notices, [`warning: Job ${running.id} of an earlier attempt keeps running on Rescale (${status}); --new starts another beside it and no longer follows it. Stop it in Rescale's Jobs page if you do not need it.`]);
	assert.ok(sandbox.store.files.has(input.id), 'the running job keeps its input');
	assert.notEqual((await client.jobs.statuses(running.id))[0]?.status, 'Stopped');
	assert.equal(sandbox.store.jobs.size, 2);
	assert.equal(config.jobs.get('plan')?.jobId, created);
});

test('an earlier upload that cannot be deleted is named for the user to delete, with no promise of a later retry (its record is replaced)', async () => {
	const sandbox = await startSandbox();
	// In front of the sandbox: every file deletion is refused, everything else passes through.
	const refusingDeletes = createServer((incoming, answer) => {
		if (incoming.method === 'DELETE' && incoming.url?.startsWith('/api/v2/files/')) {
			answer.writeHead(403, {'Content-Type': 'application/json'}).end('{"detail": "You do not have permission to perform this action."}');
			return;
		}

		const target = new URL(incoming.url ?? '/', sandbox.url);
		incoming.pipe(httpRequest(target, {method: incoming.method, headers: incoming.headers}, upstream => {
			answer.writeHead(upstream.statusCode ?? 502, upstream.headers);
			upstream.pipe(answer);
		}));
	});
	const client = clientFor(sandbox, {platform: await listenOnLoopback(refusingDeletes)});
	const folder = mkdtempSync(path.join(tmpdir(), 'new-job-'));
	const local = path.join(folder, 'build_script.sh');
	writeFileSync(local, 'true\n');
	const orphan = await client.files.upload(local);
	const config = new ConfigStore(path.join(folder, 'config'));
	config.jobs.save('plan', {kind: 'build', name: 'earlier', platform: client.baseUrl, token: 'never-created', uploads: [{id: orphan.id, name: orphan.name}], savedAt: new Date().toISOString()});
	const events: PipelineEvent[] = [];

	await createOrReattachJob({client, config, platform: client.baseUrl, onEvent: event => events.push(event), pollMs: 20}, {kind: 'build', planKey: 'plan', name: 'again', uploads: [local], request: async uploaded => request('again', uploaded)});
	const warnings = events.flatMap(event => (event.kind === 'notice' && event.level === 'warning' ? [event.message] : []));
	const named = warnings.filter(message => message.includes(orphan.id));
	assert.equal(named.length, 1, warnings.join('\n'));
	assert.doesNotMatch(named[0]!, /next run/);
	assert.match(named[0]!, /delete them in Rescale's Files page/);
});
