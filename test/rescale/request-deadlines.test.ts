import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync} from 'node:fs';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {RescaleClient} from '../../source/rescale/client.js';
import type {RescaleError} from '../../source/rescale/errors.js';
import {testApiKey} from '../helpers/sandbox.js';
import {listenOnLoopback} from '../helpers/loopback-server.js';

/** A server whose answers stall or trickle; every timer in it stops after a bounded number of bytes. */
async function stallingServer() {
	const timers = new Set<NodeJS.Timeout>();
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		if (url.pathname === '/api/v2/users/me/') {
			// Headers and half a body, then nothing.
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.write('{"id": "abc", ');
		} else if (url.pathname === '/api/v2/jobs/') {
			// A byte every 20 ms, 500 of them: never idle, never done in time.
			response.writeHead(200, {'Content-Type': 'application/json'});
			let sent = 0;
			const timer = setInterval(() => {
				if (++sent > 500 || response.destroyed) {
					clearInterval(timer);
					response.end('{}');
					return;
				}

				response.write(' ');
			}, 20);
			timers.add(timer);
		} else if (url.pathname === '/api/v2/files/f1/') {
			response.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify({id: 'f1', name: 'a.txt', decryptedSize: 10}));
		} else if (url.pathname === '/api/v2/files/f1/contents/') {
			response.writeHead(200, {'Content-Type': 'application/octet-stream', 'Content-Length': '10'});
			response.write('12345');
		} else {
			response.writeHead(404).end('{}');
		}
	});
	after(() => {
		for (const timer of timers) {
			clearInterval(timer);
		}
	});
	return listenOnLoopback(server);
}

const within = async (milliseconds: number, promise: Promise<unknown>) => {
	const started = Date.now();
	await promise;
	assert.ok(Date.now() - started < milliseconds, `took ${Date.now() - started} ms`);
};

test('a body that stalls after its headers ends with a clear error after the idle timeout, not never', async () => {
	const url = await stallingServer();
	const client = new RescaleClient({platform: url, apiKey: testApiKey, timeoutMs: 300, retry: {attempts: 2, baseDelayMs: 1}});
	await within(3000, assert.rejects(client.users.me(), (error: RescaleError) => error.kind === 'network' && /GET \/api\/v2\/users\/me\/: nothing arrived for 0.3 s from http:\/\/127\.0\.0\.1:\d+; stopped waiting\./.test(error.message)));
});

test('a body that trickles a byte at a time ends at the total deadline', async () => {
	const url = await stallingServer();
	// Progress is reported about three times a second, so the idle timeout here is a second.
	const client = new RescaleClient({platform: url, apiKey: testApiKey, timeoutMs: 1000, deadlineMs: 2000, retry: {attempts: 1}});
	await within(4000, assert.rejects(client.jobs.list(), (error: RescaleError) => error.kind === 'network' && /the answer was not complete in time/.test(error.message)));
});

test('a download that stalls halfway ends after the idle timeout and leaves no file', async () => {
	const url = await stallingServer();
	const client = new RescaleClient({platform: url, apiKey: testApiKey, timeoutMs: 300, retry: {attempts: 1}});
	const folder = mkdtempSync(path.join(tmpdir(), 'stall-'));
	await within(3000, assert.rejects(client.files.download('f1', path.join(folder, 'a.txt')), (error: RescaleError) => /nothing arrived for 0.3 s/.test(error.message)));
	assert.deepEqual(readdirSync(folder), []);
});

test('cancelling still reads as cancelled, not as a deadline', async () => {
	const url = await stallingServer();
	const client = new RescaleClient({platform: url, apiKey: testApiKey, timeoutMs: 5000, retry: {attempts: 1}});
	const controller = new AbortController();
	setTimeout(() => {
		controller.abort();
	}, 100);
	const folder = mkdtempSync(path.join(tmpdir(), 'stall-'));
	await within(3000, assert.rejects(client.files.download('f1', path.join(folder, 'a.txt'), {signal: controller.signal}), (error: RescaleError) => error.kind === 'cancelled'));
});

test('closing the client ends a call in flight and its retries at once, and refuses calls made after', async () => {
	// Every answer is a 503, which a GET retries with backoff for tens of seconds.
	const server = createServer((_request, response) => {
		response.writeHead(503, {'Content-Type': 'application/json'}).end('{"detail": "busy"}');
	});
	const url = await listenOnLoopback(server);
	after(() => {
		server.close();
	});
	const client = new RescaleClient({platform: url, apiKey: testApiKey});
	const started = Date.now();
	const call = client.users.me();
	setTimeout(() => {
		client.close();
	}, 300);
	await assert.rejects(call);
	assert.ok(Date.now() - started < 5000, `the call ended when the client closed, not after its retries (${Date.now() - started} ms)`);
	const late = Date.now();
	await assert.rejects(client.catalog.coretypes());
	assert.ok(Date.now() - late < 1000, 'a call after close ends at once');
});
