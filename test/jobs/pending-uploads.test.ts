import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import type {PipelineEvent} from '../../source/jobs/events.js';
import {othersMayOwn, settlePendingUploads} from '../../source/jobs/pending-uploads.js';
import {JobState, type JobRecord, type PendingUpload} from '../../source/platform/job-state.js';
import {clientFor, startSandbox} from '../helpers/sandbox.js';

const platform = 'http://sandbox.test';

/** A pid no process has any more: a child that already exited. */
const deadPid = spawnSync(process.execPath, ['-e', '']).pid;

async function setup() {
	const sandbox = await startSandbox();
	const client = clientFor(sandbox);
	const folder = mkdtempSync(path.join(tmpdir(), 'pending-'));
	const local = path.join(folder, 'context.tar.gz');
	writeFileSync(local, 'the same archive in two folders');
	const jobs = new JobState(path.join(folder, 'jobs'));
	const pending = (pid: number): PendingUpload => ({name: 'context.tar.gz', size: 31, startedAt: new Date(Date.now() - 60_000).toISOString(), host: hostname(), pid});
	const record = (fields: Partial<JobRecord>): JobRecord => ({kind: 'build', name: 'x', platform, token: 't', uploads: [], savedAt: new Date().toISOString(), ...fields});
	const events: PipelineEvent[] = [];
	const notices = () => events.flatMap(event => event.kind === 'notice' ? [`${event.level}: ${event.message}`] : []);
	return {sandbox, client, local, jobs, pending, record, events, notices, onEvent: (event: PipelineEvent) => events.push(event)};
}

test('a twin upload another live command has in flight is kept and said; once that command is dead the leftover is deleted', async () => {
	const {sandbox, client, local, jobs, pending, record, notices, onEvent} = await setup();
	const landed = await client.files.upload(local);
	jobs.save('killed', record({pending: [pending(deadPid)]}));
	jobs.save('other', record({pending: [pending(process.pid)]}));
	const claims = {jobs, platform, planKey: 'killed'};

	await settlePendingUploads({client, onEvent}, claims, [pending(deadPid)]);
	assert.ok(sandbox.store.files.has(landed.id), 'it may be the live command\'s upload');
	assert.match(notices().join('\n'), new RegExp(`^warning: Kept context\\.tar\\.gz \\(file id ${landed.id}\\), which an interrupted run may have left: another command is uploading files of that name and size right now`));

	jobs.save('other', record({pending: [pending(deadPid)]}));
	await settlePendingUploads({client, onEvent}, claims, [pending(deadPid)]);
	assert.equal(sandbox.store.files.size, 0);
	assert.equal(notices().at(-1), 'info: Deleted 1 upload left by an interrupted run (context.tar.gz).');
});

test('a twin another plan\'s record holds as uploaded is kept without a word; a twin of another platform\'s command is no reason to keep', async () => {
	const {sandbox, client, local, jobs, pending, record, notices, onEvent} = await setup();
	const held = await client.files.upload(local);
	const leftover = await client.files.upload(local);
	jobs.save('other', record({uploads: [{id: held.id, name: held.name}]}));
	jobs.save('elsewhere', record({platform: 'https://platform.rescale.com', pending: [pending(process.pid)]}));
	await settlePendingUploads({client, onEvent}, {jobs, platform, planKey: 'killed'}, [pending(deadPid)]);
	assert.deepEqual([...sandbox.store.files.keys()], [held.id]);
	assert.deepEqual(notices(), ['info: Deleted 1 upload left by an interrupted run (context.tar.gz).']);
	assert.notEqual(leftover.id, held.id);
});

test('while retrying a lost answer, a copy is someone else\'s when a record holds it or a live command uploads its twin', async () => {
	const {client, local, jobs, pending, record, notices, onEvent} = await setup();
	const file = await client.files.upload(local);
	const mayOwn = othersMayOwn({jobs, platform, planKey: 'mine'}, onEvent);
	assert.equal(mayOwn(file), false);
	jobs.save('other', record({pending: [pending(process.pid)]}));
	assert.equal(mayOwn(file), true);
	assert.match(notices().join('\n'), /Kept context\.tar\.gz \(file id \w+\) although it may be a copy left by a lost answer: another command is uploading a file of that name and size/);
	jobs.save('other', record({uploads: [{id: file.id, name: file.name}]}));
	assert.equal(mayOwn(file), true);
	jobs.save('mine', record({pending: [pending(process.pid)]}));
	jobs.forget('other');
	assert.equal(mayOwn(file), false, 'this command\'s own pending upload is no other owner');
});

test('a leftover candidate is kept, and said, when more jobs were created since than the bounded lookup reads', async () => {
	const {sandbox, client, local, jobs, pending, notices, onEvent} = await setup();
	const candidate = await client.files.upload(local);
	for (let index = 0; index < 201; index++) {
		await client.jobs.create({
			name: `busy ${index}`,
			jobanalyses: [{analysis: {code: 'user_included_apptainer_container', version: '1.0.1'}, command: 'true', hardware: {coreType: 'emerald', coresPerSlot: 2, slots: 1, walltime: 1}, inputFiles: []}],
		});
	}

	await settlePendingUploads({client, onEvent}, {jobs, platform, planKey: 'killed'}, [pending(deadPid)]);
	assert.ok(sandbox.store.files.has(candidate.id));
	assert.match(notices().join('\n'), /^warning: Kept context\.tar\.gz \(file id \w+\), which an interrupted run may have left: too many jobs were created since to check that none reads them\. Delete them in Rescale's Files page if no job uses them\.$/);
});
