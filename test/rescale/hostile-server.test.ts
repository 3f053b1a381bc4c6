import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync} from 'node:fs';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {runDoctorChecks} from '../../source/platform/doctor.js';
import {RescaleClient} from '../../source/rescale/client.js';
import type {RescaleError} from '../../source/rescale/errors.js';
import type {RetryEvent} from '../../source/rescale/types.js';
import {testApiKey} from '../helpers/sandbox.js';
import {listenOnLoopback} from '../helpers/loopback-server.js';

/** A loopback server that answers like a broken or hostile platform; every loop in it is bounded. */
async function hostileServer() {
	let requests = 0;
	const server = createServer((request, response) => {
		requests++;
		const url = new URL(request.url ?? '/', 'http://localhost');
		const base = `http://${request.headers.host}`;
		if (url.pathname === '/api/v2/jobs/') {
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify({count: 1, next: `${base}/api/v2/jobs/?page=2`, previous: null, results: [{id: 'aaaaaa', name: 'looping'}]}));
		} else if (url.pathname === '/api/v2/users/me/') {
			response.writeHead(429, {'Retry-After': '86400', 'Content-Type': 'application/json'});
			response.end('{"detail":"throttled"}');
		} else if (url.pathname === '/api/v2/files/big/') {
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify({id: 'big', name: 'a.txt', decryptedSize: 10}));
		} else if (url.pathname === '/api/v2/files/big/contents/') {
			response.writeHead(200, {'Content-Type': 'application/octet-stream'});
			let chunks = 0;
			const write = () => {
				// At most 64 MB, far more than the 10 B listed.
				while (chunks < 1024 && !response.destroyed && response.write(Buffer.alloc(65_536, 1))) {
					chunks++;
				}

				if (chunks >= 1024 || response.destroyed) {
					response.end();
				}
			};

			response.on('drain', write);
			write();
		} else {
			response.writeHead(404).end('{}');
		}
	});
	return {url: await listenOnLoopback(server), requests: () => requests};
}

test('a next link that loops is stopped, not followed forever', async () => {
	const hostile = await hostileServer();
	const client = new RescaleClient({platform: hostile.url, apiKey: testApiKey, retry: {baseDelayMs: 1}});
	await assert.rejects(client.jobs.list(), (error: RescaleError) => error.kind === 'malformed' && /go round in a loop/.test(error.message));
	assert.ok(hostile.requests() <= 3, `${hostile.requests()} requests`);
});

test('Retry-After: 86400 waits at most 60 s, and the wait is reported', async () => {
	const hostile = await hostileServer();
	const waits: RetryEvent[] = [];
	const client = new RescaleClient({platform: hostile.url, apiKey: testApiKey, retry: {attempts: 2}, sleep: async () => undefined, onEvent: event => waits.push(event)});
	await assert.rejects(client.users.me(), (error: RescaleError) => error.kind === 'throttled');
	assert.deepEqual(waits.map(event => event.delayMs), [60_000]);
});

test('an endless download of a file listed as 10 B is stopped and leaves nothing behind', async () => {
	const hostile = await hostileServer();
	const client = new RescaleClient({platform: hostile.url, apiKey: testApiKey, retry: {attempts: 1}});
	const folder = mkdtempSync(path.join(tmpdir(), 'dl-'));
	await assert.rejects(client.files.download('big', path.join(folder, 'a.txt')), (error: RescaleError) => error.kind === 'malformed' && /larger than the listed size/.test(error.message));
	assert.deepEqual(readdirSync(folder), []);
});

test('the rate-limit headroom is what the last answer\'s headers say, and low headroom is a doctor ✗', async () => {
	let remaining = 6000;
	const server = createServer((_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/json', 'RateLimit-Limit': '7200', 'RateLimit-Remaining': String(remaining)});
		response.end(JSON.stringify({email: 'someone@example.invalid'}));
	});
	const client = new RescaleClient({platform: await listenOnLoopback(server), apiKey: 'k'});
	assert.equal(client.rateLimit, undefined, 'nothing known before an answer');
	await client.users.me();
	assert.deepEqual(client.rateLimit, {limit: 7200, remaining: 6000});
	remaining = 12;
	await client.users.me();
	const check = (await runDoctorChecks({client, label: 'test', project: undefined})).find(entry => entry.check === 'rate limit');
	assert.equal(check?.ok, false);
	assert.match(check?.detail ?? '', /12 of 7200 requests left this hour/);
});
