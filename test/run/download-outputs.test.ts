import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import type {PipelineEvent} from '../../source/jobs/events.js';
import {downloadOutputs} from '../../source/run/download-outputs.js';
import {clientFor, startSandbox} from '../helpers/sandbox.js';

test('downloadOutputs fetches a run\'s outputs with progress, never its input image, and refuses a file in the folder\'s place', async () => {
	const sandbox = await startSandbox();
	const client = clientFor(sandbox);
	const local = mkdtempSync(path.join(tmpdir(), 'outputs-src-'));
	writeFileSync(path.join(local, 'image.sif'), 'not really an image');
	writeFileSync(path.join(local, 'metrics.csv'), 'epoch,loss\n1,0.5\n');
	const image = await client.files.upload(path.join(local, 'image.sif'));
	const metrics = await client.files.upload(path.join(local, 'metrics.csv'));
	const folder = path.join(mkdtempSync(path.join(tmpdir(), 'outputs-')), 'J1');
	const events: PipelineEvent[] = [];
	const written = await downloadOutputs(client, [image, {...metrics, typeId: 5, relativePath: 'outputs/metrics.csv'}], image, folder, {onEvent: event => events.push(event)});
	assert.deepEqual(written, [path.join(folder, 'outputs', 'metrics.csv')]);
	assert.deepEqual(readdirSync(folder), ['outputs'], 'the image stays on Rescale');
	assert.equal(readFileSync(written[0]!, 'utf8'), 'epoch,loss\n1,0.5\n');
	assert.deepEqual(events.at(-1), {kind: 'download', file: 'metrics.csv', sent: 17, total: 17});
	const blocked = path.join(path.dirname(folder), 'J2');
	writeFileSync(blocked, 'in the way');
	await assert.rejects(downloadOutputs(client, [{...metrics, typeId: 5}], image, blocked, {onEvent: () => undefined}), /J2 is an existing file, not a folder: nothing was downloaded/);
});
