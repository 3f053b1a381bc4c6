import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {inspect} from 'node:util';
import {describe, test} from 'node:test';
import {RescaleClient} from '../../source/rescale/client.js';
import type {RescaleError} from '../../source/rescale/errors.js';
import {coretypeSchema} from '../../source/rescale/schemas.js';
import {Transport} from '../../source/rescale/transport.js';
import {isGpuCoretype, type JobRequest, type RetryEvent} from '../../source/rescale/types.js';
import {clientFor, startSandbox, testApiKey, waitForStatus} from '../helpers/sandbox.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'contract-'));

function localFile(name: string, content: string): string {
	const file = path.join(scratch, name);
	writeFileSync(file, content);
	return file;
}

function buildJob(inputIds: string[], overrides: Partial<JobRequest['jobanalyses'][number]['hardware']> = {}, name = 'DO NOT REMOVE - Apptainer Image Build contract'): JobRequest {
	return {
		name,
		description: 'Apptainer Image Build Job',
		jobanalyses: [{
			analysis: {code: 'user_included_apptainer_container', version: '1.0.1'},
			command: 'sh build_script.sh',
			hardware: {coreType: 'emerald', coresPerSlot: 2, slots: 1, walltime: 2, ...overrides},
			inputFiles: inputIds.map(id => ({id})),
		}],
	};
}

const def = 'Bootstrap: docker\nFrom: alpine:3.19\n\n%post\n    echo building\n\n%runscript\n    exec echo hello "$@"\n';
const script = 'set -e\napptainer build --fakeroot demo.sif demo.def\n';

describe('client against the sandbox over HTTP', async () => {
	const sandbox = await startSandbox();
	const client = clientFor(sandbox);

	test('users/me verifies the key; a wrong key is an auth error with a region hint', async () => {
		assert.equal((await client.users.me()).email, 'researcher@sandbox.invalid');
		const wrong = new RescaleClient({platform: sandbox.url, apiKey: 'not-the-key'});
		await assert.rejects(wrong.users.me(), (error: RescaleError) => error.kind === 'auth' && error.status === 401 && /Invalid token/.test(error.message) && /platform/.test(error.hint));
		const anonymous = await fetch(`${sandbox.url}/api/v2/users/me/`);
		assert.equal(anonymous.status, 401);
		assert.deepEqual(await anonymous.json(), {detail: 'Authentication credentials were not provided.'});
	});

	test('projects and analyses', async () => {
		assert.equal((await client.users.projects()).length, 1);
		const apptainer = (await client.catalog.analyses()).find(analysis => analysis.code === 'user_included_apptainer_container');
		assert.equal(apptainer?.name, 'Bring Your Own Apptainer Container');
		assert.ok(apptainer?.versions.some(version => version.versionCode === '1.0.1'));
	});

	test('coretypes across pages, GPU types told by gpuCounts, low-priority price as a number', async () => {
		const paged = await new Transport({platform: sandbox.url, apiKey: sandbox.apiKey}).collect('/api/v2/coretypes/', coretypeSchema, {page_size: 3});
		const all = await client.catalog.coretypes();
		assert.ok(all.length > 3, 'more than one page of 3');
		// The platform still lists deprecated coretypes; the client leaves them out.
		assert.deepEqual(paged.filter(coretype => coretype.isDeprecated).map(coretype => coretype.code), ['sandbox-k80']);
		assert.deepEqual(paged.filter(coretype => !coretype.isDeprecated).map(coretype => coretype.code), all.map(coretype => coretype.code));
		assert.equal(all.find(coretype => coretype.code === 'sandbox-h100')?.mustBeRequested, true);
		assert.deepEqual(all.find(coretype => coretype.code === 'emerald')?.gpuCounts.some(count => count > 0), false);
		assert.deepEqual(all.filter(coretype => isGpuCoretype(coretype)).map(coretype => coretype.code), ['aquamarine_v3', 'sandbox-a100', 'sandbox-h100']);
		assert.equal(typeof all[0]!.lowPriorityPrice, 'number');
		const page = await fetch(`${sandbox.url}/api/v2/coretypes/?page_size=3&page=2`, {headers: {Authorization: `Token ${sandbox.apiKey}`}});
		const body = await page.json() as {count: number; next: string; previous: string};
		assert.equal(body.count, paged.length);
		assert.match(body.previous, /page=1/);
		assert.match(body.next, /^http:\/\/127\.0\.0\.1:\d+\/api\/v2\/coretypes\/\?.*page=3/);
	});

	test('files: upload (streamed, with progress), metadata, search, contents with Range, lines, delete', async () => {
		const progress: number[] = [];
		const uploaded = await client.files.upload(localFile('notes.txt', 'one\ntwo\nthree'), {onProgress: event => progress.push(event.sent)});
		assert.equal(uploaded.name, 'notes.txt');
		assert.equal(uploaded.decryptedSize, 13);
		assert.deepEqual([progress[0], progress.at(-1)], [0, 13]);
		assert.equal((await client.files.get(uploaded.id)).typeId, 1);
		assert.deepEqual((await client.files.list('notes')).map(file => file.id), [uploaded.id]);
		const target = path.join(scratch, 'notes-copy.txt');
		const downloaded: number[] = [];
		await client.files.download(uploaded.id, target, {onProgress: event => downloaded.push(event.sent)});
		assert.equal(readFileSync(target, 'utf8'), 'one\ntwo\nthree');
		assert.equal(downloaded.at(-1), 13);
		const ranged = await fetch(`${sandbox.url}/api/v2/files/${uploaded.id}/contents/`, {headers: {Authorization: `Token ${sandbox.apiKey}`, Range: 'bytes=4-6'}});
		assert.equal(ranged.status, 206);
		assert.equal(await ranged.text(), 'two');
		assert.deepEqual(await client.files.lines(uploaded.id), ['one\n', 'two\n', 'three']);
		await client.files.delete(uploaded.id);
		await assert.rejects(client.files.get(uploaded.id), (error: RescaleError) => error.kind === 'not-found' && error.status === 404);
	});

	test('jobs: 400 field errors name the field, for cores and for the analysis version', async () => {
		const input = await client.files.upload(localFile('x.def', def));
		await assert.rejects(client.jobs.create(buildJob([input.id], {coresPerSlot: 3})), (error: RescaleError) =>
			error.kind === 'invalid' && error.status === 400 && error.fieldErrors.some(field => field.startsWith('jobanalyses[0].hardware.coresPerSlot:') && field.includes('1, 2, 4, 8, 16, 32')));
		const badVersion = buildJob([input.id]);
		badVersion.jobanalyses[0]!.analysis.version = '9.9';
		await assert.rejects(client.jobs.create(badVersion), (error: RescaleError) => error.fieldErrors.includes('jobanalyses[0].analysis.version: The specified version is not available.'));
	});

	test('jobs: create, list, submit, statuses newest first, cluster statuses, tail, files', async () => {
		const defFile = await client.files.upload(localFile('demo.def', def));
		const scriptFile = await client.files.upload(localFile('build_script.sh', script));
		const job = await client.jobs.create(buildJob([defFile.id, scriptFile.id], {}, 'DO NOT REMOVE - Apptainer Image Build demo'));
		assert.match(job.id, /^\w{6}$/);
		assert.deepEqual(await client.jobs.statuses(job.id), [], 'no statuses before submit');
		assert.deepEqual(await client.jobs.clusterStatuses(job.id), [], '404 until a cluster exists reads as none');
		assert.ok((await client.jobs.list({state: 'not_completed'})).some(candidate => candidate.id === job.id));

		await client.jobs.submit(job.id);
		await assert.rejects(client.jobs.submit(job.id), (error: RescaleError) => error.kind === 'invalid' && /already been submitted/.test(error.message), 'the sandbox refuses a second submit: clients must never send one');
		await waitForStatus(client, job.id, 'Executing');
		const tail = await client.jobs.tail(job.id, '1', 'process_output.log', 5);
		assert.ok(tail && tail.length > 0 && /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\]: /.test(tail[0]!));
		const live = (await client.jobs.files(job.id)).find(file => file.name === 'process_output.log');
		assert.ok(live, 'the log is a job file while the job runs');
		assert.match((await client.files.lines(live.id))[0]!, /Launching sh build_script.sh, Working dir: .*Process output follows:/);

		const statuses = await waitForStatus(client, job.id);
		assert.deepEqual(statuses.map(status => status.status), ['Completed', 'Executing', 'Validated', 'Started', 'Queued', 'Waiting for Queue', 'Pending']);
		assert.equal(statuses[0]!.statusReason, 'Completed successfully');
		assert.equal(await client.jobs.tail(job.id, '1', 'process_output.log'), undefined, 'tail only while executing');
		// The outputs are filed after Completed, all of them once the cluster has stopped.
		await waitForCluster(client, job.id, 'Stopped');
		const files = await client.jobs.files(job.id);
		assert.deepEqual(files.map(file => file.name).sort(), ['demo.sif', 'process_output.log']);
		assert.ok((await client.files.lines(files.find(file => file.name === 'process_output.log')!.id)).some(line => line.includes('INFO:    Build complete: demo.sif')));
	});

	test('jobs: stop ends a running job as User Terminated', async () => {
		const defFile = await client.files.upload(localFile('stop.def', def));
		const scriptFile = await client.files.upload(localFile('build_script.sh', script));
		const slow = await startSandbox({speed: 20});
		const slowClient = clientFor(slow);
		const ids = [(await slowClient.files.upload(localFile('stop.def', def))).id, (await slowClient.files.upload(localFile('build_script.sh', script))).id];
		assert.ok(defFile.id && scriptFile.id);
		const job = await slowClient.jobs.create(buildJob(ids, {}, 'stop me'));
		await slowClient.jobs.submit(job.id);
		await waitForStatus(slowClient, job.id, 'Executing');
		await slowClient.jobs.stop(job.id);
		const statuses = await waitForStatus(slowClient, job.id);
		assert.equal(statuses[0]!.statusReason, 'User Terminated');
		assert.ok(statuses.some(status => status.status === 'Stopping'));
		assert.ok(!(await slowClient.jobs.files(job.id)).some(file => file.name.endsWith('.sif')));
	});

	test('v3 folders and the type change that makes a file an input', async () => {
		const file = await client.files.upload(localFile('image.sif', 'SIF'));
		const folder = await client.folders.ensure('apptainer_images');
		assert.equal((await client.folders.ensure('apptainer_images')).id, folder.id, 'an existing folder is reused');
		const duplicate = await fetch(`${sandbox.url}/api/v3/file-folders/`, {method: 'POST', headers: {Authorization: `Token ${sandbox.apiKey}`, 'Content-Type': 'application/json'}, body: JSON.stringify({name: 'apptainer_images', parentId: null})});
		assert.equal(duplicate.status, 400);
		await client.folders.addFiles(folder.id, [file.id]);
		await client.folders.changeFileType([file.id], 1);
		assert.equal((await client.files.get(file.id)).typeId, 1);
		assert.deepEqual(sandbox.store.folders.get(folder.id)?.fileIds, [file.id]);
	});
});

describe('faults: the client retries what is safe and never creates a job twice', async () => {
	const sandbox = await startSandbox();
	const events: RetryEvent[] = [];
	const waits: number[] = [];
	const client = clientFor(sandbox, {
		onEvent: event => events.push(event),
		async sleep(milliseconds) {
			waits.push(milliseconds);
		},
	});

	test('429 with Retry-After: the client waits as told, then succeeds', async () => {
		sandbox.injectFault('429');
		waits.length = 0;
		assert.equal((await client.users.me()).email, 'researcher@sandbox.invalid');
		assert.deepEqual(waits, [1000]);
	});

	test('a connection reset on a GET is retried', async () => {
		sandbox.injectFault('reset', 2);
		events.length = 0;
		assert.ok((await client.catalog.coretypes()).length > 0);
		assert.equal(events.length, 2);
		assert.ok(events.every(event => event.request === 'GET /api/v2/coretypes/'));
	});

	test('5xx on a GET is retried; the attempts are bounded', async () => {
		sandbox.injectFault('502');
		assert.ok(await client.users.me());
		sandbox.injectFault('500', 6);
		await assert.rejects(client.users.me(), (error: RescaleError) => error.kind === 'server' && error.status === 500, 'six attempts, then the error');
		assert.ok(await client.users.me(), 'all six injected faults were used');
	});

	test('a reset after the job was created: the client finds it instead of creating another', async () => {
		const input = await client.files.upload(localFile('a.def', def));
		const name = 'DO NOT REMOVE - Apptainer Image Build reset-case';
		const jobsBefore = sandbox.store.jobs.size;
		const {job: created, lookups} = await createWithFault(client, sandbox, buildJob([input.id], {}, name), 'reset');
		assert.equal(lookups, 1, 'one token lookup after the lost answer, none before the create');
		assert.equal(sandbox.store.jobs.size, jobsBefore + 1);
		assert.equal([...sandbox.store.jobs.values()].filter(job => job.name === name).length, 1);
		assert.equal(created.name, name);
	});

	test('a 500 before the job was created: the lookup finds nothing and the create is tried again, once', async () => {
		const input = await client.files.upload(localFile('b.def', def));
		const name = 'DO NOT REMOVE - Apptainer Image Build 500-case';
		const {lookups} = await createWithFault(client, sandbox, buildJob([input.id], {}, name), '500');
		assert.equal(lookups, 1, 'no lookup before the create, one after the ambiguous failure');
		assert.equal([...sandbox.store.jobs.values()].filter(candidate => candidate.name === name).length, 1);
	});

	test('submit is never sent again blindly: after a lost answer the statuses decide', async () => {
		const input = await client.files.upload(localFile('c.def', def));
		const taken = await client.jobs.create(buildJob([input.id], {}, 'submit-reset-case'));
		sandbox.injectFault('reset');
		await client.jobs.submit(taken.id);
		assert.ok((await client.jobs.statuses(taken.id)).length > 0, 'submitted once; the second send the sandbox refuses never happened');

		const refusedFirst = await client.jobs.create(buildJob([input.id], {}, 'submit-500-case'));
		sandbox.injectFault('500');
		await client.jobs.submit(refusedFirst.id);
		assert.ok((await client.jobs.statuses(refusedFirst.id)).length > 0, 'a 500 before it was taken: no statuses, so submitted again');
	});

	test('a whole build under random faults (429, 500, resets, slow answers) ends with exactly one job', async () => {
		const faulty = await startSandbox({faults: '429=0.08,500=0.05,reset=0.05,slow=0.02,seed=11'});
		const faultyClient = clientFor(faulty, {async sleep() {}});
		const ids: string[] = [];
		for (const [name, text] of [['demo.def', def], ['build_script.sh', script]]) {
			// Uploads are not retried after an ambiguous failure; the caller tries again.
			for (let attempt = 0; ; attempt++) {
				try {
					ids.push((await faultyClient.files.upload(localFile(name!, text!))).id);
					break;
				} catch (error) {
					if (attempt > 5) {
						throw error;
					}
				}
			}
		}

		const job = await faultyClient.jobs.create(buildJob(ids, {}, 'faulty build'));
		await submitUntilAccepted(faultyClient, job.id);
		await waitForStatus(faultyClient, job.id);
		await waitForCluster(faultyClient, job.id, 'Stopped');
		assert.equal([...faulty.store.jobs.values()].filter(candidate => candidate.name === 'faulty build').length, 1);
		assert.ok((await faultyClient.jobs.files(job.id)).some(file => file.name === 'demo.sif'));
	});

	test('errors, events and the client itself never show the key', async () => {
		const wrong = new RescaleClient({platform: sandbox.url, apiKey: testApiKey.replace('3f', '00')});
		const error = await wrong.users.me().catch((caught: unknown) => caught);
		for (const text of [inspect(error, {depth: 10}), JSON.stringify(error), inspect(client, {depth: 10}), inspect(wrong, {depth: 10}), JSON.stringify(events)]) {
			assert.ok(!text.includes(testApiKey) && !text.includes(testApiKey.replace('3f', '00')), text.slice(0, 200));
		}
	});
});

/** The create meets the fault (a reset loses the answer after the job exists, a 500 comes before); token lookups are counted. */
async function createWithFault(client: RescaleClient, sandbox: Awaited<ReturnType<typeof startSandbox>>, job: JobRequest, fault: '500' | 'reset') {
	const original = client.jobs.findByToken.bind(client.jobs);
	let lookups = 0;
	client.jobs.findByToken = async (token, signal) => {
		lookups++;
		return original(token, signal);
	};

	try {
		sandbox.injectFault(fault);
		return {job: await client.jobs.create(job), lookups};
	} finally {
		client.jobs.findByToken = original;
	}
}

async function submitUntilAccepted(client: RescaleClient, id: string) {
	for (let attempt = 0; ; attempt++) {
		try {
			await client.jobs.submit(id);
			return;
		} catch (error) {
			if (attempt > 5) {
				throw error;
			}
		}
	}
}

async function waitForCluster(client: RescaleClient, id: string, status: string) {
	for (let attempt = 0; attempt < 800; attempt++) {
		if ((await client.jobs.clusterStatuses(id))[0]?.status === status) {
			return;
		}

		await new Promise(resolve => setTimeout(resolve, 25));
	}

	throw new Error(`cluster of ${id} never reached ${status}`);
}
