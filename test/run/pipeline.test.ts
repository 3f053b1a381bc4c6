import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {runBuild} from '../../source/image-build/pipeline.js';
import {prepareBuild} from '../../source/image-build/plan.js';
import type {PipelineEvent} from '../../source/jobs/events.js';
import {ConfigStore} from '../../source/platform/config.js';
import {listImages, prepareRun, runJob} from '../../source/run/pipeline.js';
import {clientFor, startSandbox} from '../helpers/sandbox.js';

test('a run whose outputs are filed after Completed is judged from its whole log and lists every output', async () => {
	const sandbox = await startSandbox({speed: 200});
	const client = clientFor(sandbox);
	const config = new ConfigStore(mkdtempSync(path.join(tmpdir(), 'config-')));
	const context = {client, config, platform: 'test', pollMs: 20, onEvent() {}};
	const buildPlan = await prepareBuild({source: {image: 'docker://python:3.11-slim'}, outDir: mkdtempSync(path.join(tmpdir(), 'out-')), hardware: {}, coretypes: await client.catalog.coretypes(), platform: 'test'});
	assert.equal((await runBuild({...context, plan: buildPlan})).status, 'succeeded');

	const plan = await prepareRun(client, {sif: 'python.sif', coretype: 'aquamarine_v3', command: ['--epochs', '2'], platform: 'test'});
	const events: PipelineEvent[] = [];
	const result = await runJob({...context, plan, onEvent: event => events.push(event)});
	assert.ok(result.outcome.succeeded, JSON.stringify(result.outcome));
	assert.deepEqual(result.outputs.map(file => file.relativePath).sort(), ['outputs/metrics.csv', 'process_output.log']);
	const stopped = events.findIndex(event => event.kind === 'cluster' && event.status === 'Stopped');
	const completed = events.findIndex(event => event.kind === 'status' && event.status === 'Completed');
	assert.ok(stopped >= 0 && stopped < completed, 'the run ends once the cluster has stopped, every output filed');
	assert.ok(events.some(event => event.kind === 'step' && event.message === 'Rescale filed outputs/metrics.csv.'));
});

test('the images are listed newest first, whatever order the platform answers in and whatever zone it dates them in', async () => {
	const sandbox = await startSandbox();
	const client = clientFor(sandbox);
	const folder = mkdtempSync(path.join(tmpdir(), 'images-'));
	for (const name of ['old.sif', 'new.sif', 'middle.sif']) {
		writeFileSync(path.join(folder, name), name);
		await client.files.upload(path.join(folder, name));
	}

	const dated: Record<string, string> = {'old.sif': '2026-11-01T10:00:00-07:00', 'new.sif': '2026-11-03T09:00:00Z', 'middle.sif': '2026-11-02T10:00:00+00:00'};
	for (const file of sandbox.store.files.values()) {
		file.dateUploaded = dated[file.name] ?? file.dateUploaded;
	}

	assert.deepEqual((await listImages(client)).map(file => file.name), ['new.sif', 'middle.sif', 'old.sif']);
});

test('--sif NAME shared by several images: the newest runs, and the plan says which id and how to pick another', async () => {
	const sandbox = await startSandbox();
	const client = clientFor(sandbox);
	const folder = mkdtempSync(path.join(tmpdir(), 'namesakes-'));
	writeFileSync(path.join(folder, 'ex3.sif'), 'an image');
	const older = await client.files.upload(path.join(folder, 'ex3.sif'));
	const newer = await client.files.upload(path.join(folder, 'ex3.sif'));
	sandbox.store.files.get(older.id)!.dateUploaded = '2026-11-01T10:00:00Z';
	sandbox.store.files.get(newer.id)!.dateUploaded = '2026-11-02T10:00:00Z';

	const byName = await prepareRun(client, {sif: 'ex3.sif', coretype: 'aquamarine_v3', command: [], platform: 'test'});
	assert.equal(byName.sif.id, newer.id);
	assert.ok(byName.warnings.includes(`2 images are named ex3.sif: this is the newest, file id ${newer.id}; --sif ID runs another (id ${older.id}, uploaded 2026-11-01T10:00:00Z).`), byName.warnings.join('\n'));

	const byId = await prepareRun(client, {sif: older.id, coretype: 'aquamarine_v3', command: [], platform: 'test'});
	assert.equal(byId.sif.id, older.id);
	assert.ok(!byId.warnings.some(warning => warning.includes('images are named')), 'an id names one image');
});
