import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {claimOutputFolder} from '../../source/image-build/output-folder.js';
import {describeBuildPlan, prepareBuild} from '../../source/image-build/plan.js';
import {runBuild} from '../../source/image-build/pipeline.js';
import {ConfigStore} from '../../source/platform/config.js';
import type {UserError} from '../../source/errors.js';
import {metricsIn, type PipelineEvent} from '../../source/jobs/events.js';
import {LogCursor} from '../../source/jobs/follow.js';
import type {RescaleError} from '../../source/rescale/errors.js';
import type {Sandbox} from '../../source/sandbox/server.js';
import {clientFor, startSandbox} from '../helpers/sandbox.js';

/** A build of an existing image on the default hardware, checked against the sandbox's coretypes. */
async function imagePlan(outDir: string, sandbox: Sandbox) {
	return prepareBuild({source: {image: 'docker://python:3.11-slim'}, outDir, hardware: {}, coretypes: await clientFor(sandbox).catalog.coretypes(), platform: 'test'});
}

test('a failed build shows the end of its log and the most likely cause; nothing is filed', async () => {
	const sandbox = await startSandbox();
	const outDir = mkdtempSync(path.join(tmpdir(), 'out-'));
	const plan = await imagePlan(outDir, sandbox);
	writeFileSync(plan.defFile, 'Bootstrap: docker\nFrom: python:3.11-slim\n%psot\n    echo typo\n');
	const config = new ConfigStore(mkdtempSync(path.join(tmpdir(), 'config-')));
	const events: PipelineEvent[] = [];
	const result = await runBuild({plan, client: clientFor(sandbox), config, platform: 'test', onEvent: event => events.push(event), pollMs: 20});
	assert.equal(result.status, 'failed');
	assert.ok(events.some(event => event.kind === 'cluster' && event.status === 'Stopped'), 'a SIF may still come until the cluster has stopped');
	assert.ok(result.status === 'failed' && result.lastLines.some(line => line.includes('invalid section(s) specified: psot')));
	assert.ok(result.status === 'failed' && /definition file has an error/.test(result.cause));
	assert.equal(config.inFlightJob(plan.key), undefined, 'a finished job is forgotten');
	assert.equal([...sandbox.store.folders.values()].length, 0);
});

test('the SIF is filed after Completed: the build waits for it; Ctrl-C while it waits keeps the job, and the next run reattaches and waits again', async () => {
	// Slow enough that the rerun reattaches well before the SIF is filed (~26 simulated seconds after Completed, ~1.3 s);
	// the rerun polls every 100 ms, so it waits 3 s for outputs (30 polls) and never gives up before they come.
	const sandbox = await startSandbox({speed: 20});
	const plan = await imagePlan(mkdtempSync(path.join(tmpdir(), 'out-')), sandbox);
	const config = new ConfigStore(mkdtempSync(path.join(tmpdir(), 'config-')));
	const controller = new AbortController();
	const waiting = (event: PipelineEvent) => event.kind === 'step' && /has completed; waiting for Rescale to file its outputs/.test(event.message);
	const first: PipelineEvent[] = [];
	await assert.rejects(runBuild({plan, client: clientFor(sandbox), config, platform: 'test', signal: controller.signal, pollMs: 20, onEvent(event) {
		first.push(event);
		if (waiting(event)) {
			controller.abort();
		}
	}}), (error: RescaleError) => error.kind === 'cancelled');
	const jobId = config.inFlightJob(plan.key)?.jobId;
	assert.ok(jobId, 'the job is remembered');
	assert.ok(!first.some(event => event.kind === 'status' && event.status === 'Completed'), 'not reported as ended');

	const second: PipelineEvent[] = [];
	const result = await runBuild({plan, client: clientFor(sandbox), config, platform: 'test', pollMs: 100, onEvent: event => second.push(event)});
	assert.equal(result.status, 'succeeded', JSON.stringify(result));
	assert.ok(result.status === 'succeeded' && result.sif.name === 'python.sif' && result.job === jobId);
	assert.ok(second.some(event => event.kind === 'job' && event.action === 'reattached' && event.job === jobId));
	const order = ['waiting', 'filed', 'completed'].map(what => second.findIndex(event => what === 'waiting' ? waiting(event)
		: what === 'filed' ? event.kind === 'step' && event.message === 'Rescale filed python.sif.'
			: event.kind === 'status' && event.status === 'Completed'));
	assert.ok(order[0]! >= 0 && order[0]! < order[1]! && order[1]! < order[2]!, `the reattached build waited for the SIF: ${JSON.stringify(second)}`);
	assert.equal(sandbox.store.jobs.size, 1, 'no second job');
	assert.equal(config.inFlightJob(plan.key), undefined);
});

test('outputs not filed in time: the job is named, still remembered, and not called a failed build', async () => {
	// 30 polls of 20 ms (0.6 s) end before the SIF is filed (~26 simulated seconds after Completed, ~1.7 s).
	const sandbox = await startSandbox({speed: 15});
	const plan = await imagePlan(mkdtempSync(path.join(tmpdir(), 'out-')), sandbox);
	const config = new ConfigStore(mkdtempSync(path.join(tmpdir(), 'config-')));
	await assert.rejects(runBuild({plan, client: clientFor(sandbox), config, platform: 'test', pollMs: 20, onEvent() {}}), (error: UserError) => {
		const jobId = config.inFlightJob(plan.key)?.jobId;
		return error.name === 'UserError' && jobId !== undefined && error.message.includes(`job ${jobId} has completed`) && /Rescale has not filed its outputs yet/.test(error.message)
			&& /run the same command again/.test(error.hint!) && !/fail/i.test(error.message);
	});
});

test('Ctrl-C during the upload: no job is created and the uploaded files are removed', async () => {
	const sandbox = await startSandbox();
	const plan = await imagePlan(mkdtempSync(path.join(tmpdir(), 'out-')), sandbox);
	const controller = new AbortController();
	const events: PipelineEvent[] = [];
	const config = new ConfigStore(mkdtempSync(path.join(tmpdir(), 'config-')));
	await assert.rejects(runBuild({
		plan,
		client: clientFor(sandbox),
		config,
		platform: 'test',
		signal: controller.signal,
		pollMs: 20,
		onEvent(event) {
			events.push(event);
			if (event.kind === 'upload' && event.file === 'build_script.sh' && event.sent === 0) {
				controller.abort();
			}
		},
	}), (error: RescaleError) => error.kind === 'cancelled');
	assert.ok(events.some(event => event.kind === 'upload' && event.file === 'python.def' && event.sent === event.total), 'the def was uploaded first');
	assert.equal(sandbox.store.jobs.size, 0);
	assert.equal(sandbox.store.files.size, 0, 'the def uploaded before Ctrl-C was deleted');
	assert.equal(config.inFlightJobs().length, 0);
});

test('the output folder is never one of the user\'s own folders', () => {
	const mine = mkdtempSync(path.join(tmpdir(), 'user-'));
	mkdirSync(path.join(mine, 'notes'));
	assert.throws(() => claimOutputFolder(mine), (error: UserError) => /was not made by rescale-apptainer/.test(error.message) && /--out/.test(error.hint!));
	const fresh = path.join(mkdtempSync(path.join(tmpdir(), 'fresh-')), '.rescale-apptainer');
	assert.equal(claimOutputFolder(fresh), fresh);
	assert.equal(claimOutputFolder(fresh), fresh, 'ours the second time too');
});

test('--image docker:// builds from the image alone', async () => {
	const plan = await imagePlan(mkdtempSync(path.join(tmpdir(), 'out-')), await startSandbox());
	assert.equal(plan.def, 'Bootstrap: docker\nFrom: python:3.11-slim\n');
	assert.equal(plan.name, 'python');
	assert.equal(plan.context.mode, 'none');
	assert.equal(plan.jobName, 'DO NOT REMOVE - Apptainer Image Build python');
});

test('the plan carries its hardware, checked and priced, and says it in the words both front ends show', async () => {
	const coretypes = await clientFor(await startSandbox()).catalog.coretypes();
	const plan = (hardware: Parameters<typeof prepareBuild>[0]['hardware']) => prepareBuild({source: {image: 'docker://python:3.11-slim'}, outDir: mkdtempSync(path.join(tmpdir(), 'out-')), hardware, coretypes, platform: 'test'});
	const emerald = coretypes.find(coretype => coretype.code === 'emerald')!;
	const built = await plan({});
	assert.deepEqual([built.hardware.coreType, built.hardware.coresPerSlot, built.hardware.walltime, built.hardware.gpus], ['emerald', 2, 2, 0]);
	assert.equal(built.hardware.maxCost, emerald.price! * 2 * 2);
	assert.deepEqual(describeBuildPlan(built).slice(0, 3), [
		'Job: DO NOT REMOVE - Apptainer Image Build python',
		`On: ${emerald.name} (emerald), 2 cores, walltime 2 h, at most $${(emerald.price! * 4).toFixed(2)} on demand ($${(emerald.lowPriorityPrice! * 4).toFixed(2)} at low priority)`,
		'Context: an existing image needs no build context',
	]);
	await assert.rejects(plan({coretype: 'nonesuch'}), (error: UserError) => /no coretype "nonesuch"/.test(error.message));
	await assert.rejects(plan({cores: 3}), (error: UserError) => /offers .* cores per node, not 3/.test(error.message));
	await assert.rejects(plan({walltime: 1.5}), (error: UserError) => /whole hours/.test(error.message) && /--walltime 2/.test(error.hint!));
	await assert.rejects(plan({walltime: 0}), (error: UserError) => /whole hours/.test(error.message));
});

test('metrics come out of training log lines', () => {
	assert.deepEqual(metricsIn('[2022-05-18T13:57:35Z]: Test Results - Epoch: 3  Avg accuracy: 0.225 Avg loss: 2.78'), {epoch: 3, loss: 2.78, accuracy: 0.225});
	assert.deepEqual(metricsIn('epoch=12 loss=1.5e-3'), {epoch: 12, loss: 0.0015});
	assert.equal(metricsIn('INFO:    Starting build...'), undefined);
});

test('overlapping log windows report each line once', () => {
	const cursor = new LogCursor();
	assert.deepEqual(cursor.add(['a\n', 'b\n', 'c\n']), ['a', 'b', 'c']);
	assert.deepEqual(cursor.add(['b\n', 'c\n', 'd\n']), ['d']);
	assert.deepEqual(cursor.add(['a', 'b', 'c', 'd', 'e', 'f']), ['e', 'f'], 'the whole file at the end');
	assert.deepEqual(cursor.add(['x', 'y']), ['x', 'y'], 'a gap: the window moved past what was seen');
});
