import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {UserError} from '../../source/errors.js';
import type {PipelineEvent} from '../../source/jobs/events.js';
import {followJob} from '../../source/jobs/follow.js';
import type {RescaleError} from '../../source/rescale/errors.js';
import {clientFor, startSandbox, waitForStatus} from '../helpers/sandbox.js';

/** A small script job, created and submitted. */
async function submittedJob(client: ReturnType<typeof clientFor>, name: string) {
	const script = path.join(mkdtempSync(path.join(tmpdir(), 'follow-')), 'build_script.sh');
	writeFileSync(script, 'echo hello\n');
	const input = await client.files.upload(script);
	const job = await client.jobs.create({name, jobanalyses: [{analysis: {code: 'user_included_apptainer_container', version: '1.0.1'}, command: 'sh build_script.sh', hardware: {coreType: 'emerald', coresPerSlot: 2, walltime: 1}, inputFiles: [{id: input.id, decompress: false}]}]});
	await client.jobs.submit(job.id);
	return job;
}

test('a job stopped before it had a cluster has no outputs to wait for: the follower ends at Completed', async () => {
	const sandbox = await startSandbox({speed: 10});
	const client = clientFor(sandbox);
	const job = await submittedJob(client, 'stopped early');
	await client.jobs.stop(job.id);
	// A deadline far shorter than any filing: reaching it would throw.
	const {final, files} = await followJob(client, job.id, {pollMs: 20, outputsWithinMs: 100, onEvent() {}});
	assert.equal(final.statusReason, 'User Terminated');
	assert.deepEqual(files, []);
	assert.deepEqual(await client.jobs.clusterStatuses(job.id), [], 'it never had a cluster');
});

test('Ctrl-C stops the follower at once, not after the poll interval (10 minutes here)', async () => {
	const sandbox = await startSandbox();
	const client = clientFor(sandbox);
	const job = await submittedJob(client, 'followed');
	const controller = new AbortController();
	const following = followJob(client, job.id, {pollMs: 600_000, signal: controller.signal, onEvent() {}});
	setTimeout(() => {
		controller.abort();
	}, 50);
	await assert.rejects(following, (error: RescaleError) => error.kind === 'cancelled');
});

const waitingLine = (event: PipelineEvent) => event.kind === 'step' && /waiting for Rescale to file its outputs/.test(event.message);

test('a job that ended long ago, its outputs filed and its cluster stopped: no "waiting" line, no file replayed as just filed', async () => {
	const sandbox = await startSandbox();
	const client = clientFor(sandbox);
	const job = await submittedJob(client, 'long ended');
	await waitForStatus(client, job.id);
	const deadline = Date.now() + 20_000;
	while ((await client.jobs.clusterStatuses(job.id))[0]?.status !== 'Stopped') {
		assert.ok(Date.now() < deadline, 'the cluster stops once the outputs are filed');
		await new Promise(resolve => setTimeout(resolve, 25));
	}

	const events: PipelineEvent[] = [];
	const {final, files} = await followJob(client, job.id, {pollMs: 20, onEvent: event => events.push(event)});
	assert.equal(final.status, 'Completed');
	assert.ok(files.some(file => file.name === 'process_output.log'), JSON.stringify(files));
	assert.deepEqual(events.filter(event => event.kind === 'step'), [], 'nothing was waited for or filed while following');
});

test('a job whose outputs are still being filed: the follower says it waits, once, then names each file as it is filed', async () => {
	// At speed 20 the outputs come about a second after Completed.
	const sandbox = await startSandbox({speed: 20});
	const client = clientFor(sandbox);
	const job = await submittedJob(client, 'filing');
	await waitForStatus(client, job.id, 'Completed', 60_000);
	assert.deepEqual(await client.jobs.files(job.id), [], 'nothing is filed yet at Completed');
	const events: PipelineEvent[] = [];
	await followJob(client, job.id, {pollMs: 20, outputsWithinMs: 60_000, onEvent: event => events.push(event)});
	const waiting = events.filter(event => waitingLine(event));
	assert.equal(waiting.length, 1, JSON.stringify(events));
	const filed = events.findIndex(event => event.kind === 'step' && event.message === 'Rescale filed process_output.log.');
	const ended = events.findIndex(event => event.kind === 'status' && event.status === 'Completed');
	assert.ok(events.indexOf(waiting[0]!) < filed && filed < ended, JSON.stringify(events));
});

test('outputs not filed in time: the follower said it was waiting, and the error is exit 1 (the platform is late; the input was fine)', async () => {
	const sandbox = await startSandbox({speed: 5});
	const client = clientFor(sandbox);
	const job = await submittedJob(client, 'late');
	await waitForStatus(client, job.id, 'Completed', 60_000);
	const events: PipelineEvent[] = [];
	await assert.rejects(followJob(client, job.id, {pollMs: 20, outputsWithinMs: 100, onEvent: event => events.push(event)}), (error: UserError) => {
		assert.ok(error instanceof UserError && /has not filed its outputs yet/.test(error.message), String(error));
		assert.equal(error.exitCode, 1);
		return true;
	});
	assert.ok(events.some(event => waitingLine(event)), JSON.stringify(events));
});
