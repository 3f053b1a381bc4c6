import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import {createServer, type RequestListener} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {RescaleClient} from '../../source/rescale/client.js';
import type {RescaleError} from '../../source/rescale/errors.js';
import {testApiKey} from '../helpers/sandbox.js';
import {listenOnLoopback} from '../helpers/loopback-server.js';

async function serve(listener: RequestListener): Promise<string> {
	const server = createServer(listener);
	return listenOnLoopback(server);
}

/** A platform that redirects to `other` (another port is another host), and that other host, which notes what it was sent. */
async function redirectingPlatform() {
	const seen: Array<{path: string; authorization: string | undefined}> = [];
	const other = await serve((request, response) => {
		seen.push({path: request.url ?? '', authorization: request.headers.authorization});
		if (request.url === '/storage/f1') {
			response.writeHead(200, {'Content-Type': 'application/octet-stream'}).end('0123456789');
		} else {
			response.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify({email: 'evil@example.com', id: 'evil'}));
		}
	});
	const platform = await serve((request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		if (url.pathname === '/api/v2/users/me/') {
			response.writeHead(302, {Location: `${other}/api/v2/users/me/`}).end();
		} else if (url.pathname === '/api/v2/jobs/') {
			response.writeHead(301, {Location: '/api/v2/moved-jobs/'}).end();
		} else if (url.pathname === '/api/v2/moved-jobs/') {
			response.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify({count: 1, next: null, previous: null, results: [{id: 'aaaaaa', name: 'same host'}]}));
		} else if (url.pathname === '/api/v2/files/f1/') {
			response.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify({id: 'f1', name: 'a.txt', decryptedSize: 10}));
		} else if (url.pathname === '/api/v2/files/f1/contents/') {
			response.writeHead(302, {Location: `${other}/storage/f1`}).end();
		} else {
			response.writeHead(404).end('{}');
		}
	});
	return {platform, seen};
}

test('an API answer redirected to another host is refused, and that host never sees the key', async () => {
	const {platform, seen} = await redirectingPlatform();
	const client = new RescaleClient({platform, apiKey: testApiKey, retry: {attempts: 1}});
	await assert.rejects(client.users.me(), (error: RescaleError) => error.kind === 'malformed' && /GET \/api\/v2\/users\/me\/: the answer redirects to another host \(127\.0\.0\.1:\d+\); not following it\./.test(error.message));
	assert.deepEqual(seen, []);
});

test('a redirect within the platform is followed', async () => {
	const {platform} = await redirectingPlatform();
	const client = new RescaleClient({platform, apiKey: testApiKey, retry: {attempts: 1}});
	assert.deepEqual((await client.jobs.list()).map(job => job.name), ['same host']);
});

test('file contents may come from a storage host, which gets no Authorization header', async () => {
	const {platform, seen} = await redirectingPlatform();
	const client = new RescaleClient({platform, apiKey: testApiKey, retry: {attempts: 1}});
	const folder = mkdtempSync(path.join(tmpdir(), 'redirect-'));
	await client.files.download('f1', path.join(folder, 'a.txt'));
	assert.equal(readFileSync(path.join(folder, 'a.txt'), 'utf8'), '0123456789');
	assert.deepEqual(readdirSync(folder), ['a.txt']);
	assert.deepEqual(seen, [{path: '/storage/f1', authorization: undefined}]);
});
