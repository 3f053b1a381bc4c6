import assert from 'node:assert/strict';
import {closeSync, mkdtempSync, openSync, ftruncateSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {clientFor, startSandbox} from '../helpers/sandbox.js';

const oneGiB = 1024 ** 3;

test('a 1 GiB upload streams: resident memory grows by far less than the file', async () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'upload-'));
	const file = path.join(folder, 'big.bin');
	const descriptor = openSync(file, 'w');
	ftruncateSync(descriptor, oneGiB); // sparse: no disk used until read
	closeSync(descriptor);
	const sandbox = await startSandbox();
	const client = clientFor(sandbox);
	globalThis.gc?.();
	const baseline = process.memoryUsage().rss;
	let peak = baseline;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 10);
	let last = {sent: 0, total: 0};
	try {
		const uploaded = await client.files.upload(file, {onProgress: event => {
			last = event;
		}});
		assert.equal(uploaded.decryptedSize, oneGiB);
		assert.equal(statSync(sandbox.store.blobPath(uploaded.id)).size, oneGiB);
	} finally {
		clearInterval(sampler);
		rmSync(folder, {recursive: true, force: true});
	}

	assert.deepEqual(last, {kind: 'upload', file: 'big.bin', sent: oneGiB, total: oneGiB});
	const growthMiB = (peak - baseline) / 1024 / 1024;
	// Client and sandbox share this process, so this bounds both sides of the stream.
	assert.ok(growthMiB < 150, `resident memory grew by ${growthMiB.toFixed(0)} MiB`);
});
