import assert from 'node:assert/strict';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {contextView} from '../../source/context/context-files.js';
import {deriveDefinition} from '../../source/definition/derive-definition.js';
import {readDockerfile} from '../../source/dockerfile/read-dockerfile.js';
import {earlierImage} from '../../source/image-build/earlier-image.js';
import {prepareBuild} from '../../source/image-build/plan.js';
import type {HardwareRequest} from '../../source/jobs/hardware.js';
import {ConfigStore} from '../../source/platform/config.js';
import type {RescaleError} from '../../source/rescale/errors.js';
import {clientFor, startSandbox} from '../helpers/sandbox.js';

const sandbox = await startSandbox();
const client = clientFor(sandbox);
const coretypes = await client.catalog.coretypes();

/** A small project whose folder holds a Dockerfile, a script and a data file. */
function project(): string {
	const root = path.join(mkdtempSync(path.join(tmpdir(), 'identity-')), 'demo');
	mkdirSync(path.join(root, 'data'), {recursive: true});
	writeFileSync(path.join(root, 'Dockerfile'), 'FROM python:3.11-slim\nCOPY . /app\nCMD ["python", "/app/train.py"]\n');
	writeFileSync(path.join(root, 'train.py'), 'print("training")\n');
	writeFileSync(path.join(root, 'data', 'labels.csv'), 'a,b\n1,2\n');
	return root;
}

async function plan(root: string, hardware: Partial<HardwareRequest> = {}, platform = 'sandbox:test') {
	const dockerfile = await readDockerfile(root);
	const outDir = path.join(path.dirname(root), 'out');
	const definition = deriveDefinition({text: dockerfile.text, context: contextView(dockerfile.contextDir, [outDir])});
	return prepareBuild({source: {dockerfile, definition}, outDir, hardware, coretypes, platform, contextMode: 'upload'});
}

test('the image identity: the same files hash the same whatever the hardware or their times; one byte, a mode or the platform changes it; --image builds have none', async () => {
	const root = project();
	const first = await plan(root);
	assert.match(first.identity ?? '', /^[\da-f]{32}$/);
	const otherHardware = await plan(root, {cores: 4, walltime: 3});
	assert.notEqual(otherHardware.key, first.key, 'reattaching still tells the hardware apart');
	assert.equal(otherHardware.identity, first.identity);
	utimesSync(path.join(root, 'train.py'), new Date(2020, 0, 1), new Date(2020, 0, 1));
	assert.equal((await plan(root)).identity, first.identity, 'a touched file is the same content');

	// Same size, so the plan key (file count and bytes) cannot tell; the identity must.
	const data = path.join(root, 'data', 'labels.csv');
	writeFileSync(data, readFileSync(data, 'utf8').replace('2', '3'));
	const changed = await plan(root);
	assert.equal(changed.key, first.key);
	assert.notEqual(changed.identity, first.identity);
	chmodSync(path.join(root, 'train.py'), 0o755);
	assert.notEqual((await plan(root)).identity, changed.identity, 'an executable bit lands in the image too');
	assert.notEqual((await plan(root, {}, 'https://platform.rescale.com')).identity, (await plan(root)).identity);

	const image = await prepareBuild({source: {image: 'docker://python:3.11-slim'}, outDir: mkdtempSync(path.join(tmpdir(), 'out-')), hardware: {}, coretypes, platform: 'sandbox:test'});
	assert.equal(image.identity, undefined, 'a tag can move: never reused');
});

test('the earlier image: offered with its name and size as the platform has them now; another platform\'s is not; an unknown file is forgotten; the check can be cancelled', async () => {
	const config = new ConfigStore(mkdtempSync(path.join(tmpdir(), 'config-')));
	const sifFile = path.join(mkdtempSync(path.join(tmpdir(), 'sif-')), 'demo.sif');
	writeFileSync(sifFile, 'SIF');
	const sif = await client.files.upload(sifFile);
	const built = await plan(project());
	const identity = built.identity!;
	assert.equal(await earlierImage(client, config, built, 'sandbox:test'), undefined, 'nothing remembered');

	config.images.save(identity, {platform: 'sandbox:test', sifId: sif.id, sifName: 'old-name.sif', jobId: 'J1', builtAt: '2026-11-29T16:00:00.000Z'});
	assert.deepEqual(await earlierImage(client, config, built, 'sandbox:test'), {image: {platform: 'sandbox:test', sifId: sif.id, sifName: 'demo.sif', jobId: 'J1', builtAt: '2026-11-29T16:00:00.000Z', size: 3}});
	assert.equal(await earlierImage(client, config, built, 'https://platform.rescale.com'), undefined);

	const controller = new AbortController();
	controller.abort();
	await assert.rejects(earlierImage(client, config, built, 'sandbox:test', controller.signal), (error: RescaleError) => error.kind === 'cancelled');
	assert.ok(config.images.get(identity), 'a cancelled check forgets nothing');

	await client.files.delete(sif.id);
	assert.deepEqual(await earlierImage(client, config, built, 'sandbox:test'), {whyNewBuild: `The image built earlier from this def and context (old-name.sif, file id ${sif.id}) is no longer in your files (deleted since), so a new build is planned.`});
	assert.equal(config.images.get(identity), undefined, 'a SIF the platform no longer has is forgotten');
	assert.equal(await earlierImage(client, config, built, 'sandbox:test'), undefined, 'said once: then there is no earlier image');
});
