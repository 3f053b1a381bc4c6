import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {followJob} from '../../source/jobs/follow.js';
import type {RescaleError} from '../../source/rescale/errors.js';
import {clientFor, startSandbox} from '../helpers/sandbox.js';

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
