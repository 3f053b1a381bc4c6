import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {RescaleClient} from '../../source/rescale/client.js';
import type {RescaleFile} from '../../source/rescale/types.js';
import {testApiKey} from '../helpers/sandbox.js';
import {listenOnLoopback} from '../helpers/loopback-server.js';

type Stored = {id: string; name: string; decryptedSize: number};

/** Files endpoints that store every upload but lose the answer to the first `lose` of them. */
async function lossyFiles(lose: number, existing: Stored[] = []) {
	const files: Stored[] = [...existing];
	let uploads = 0;
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			if (request.method === 'POST' && url.pathname === '/api/v2/files/contents/') {
				const body = Buffer.concat(chunks).toString('latin1');
				const name = /filename="([^"]*)"/.exec(body)?.[1] ?? '';
				const content = body.slice(body.indexOf('\r\n\r\n') + 4, body.lastIndexOf('\r\n--'));
				const file = {id: `f${files.length + 100}`, name, decryptedSize: content.length};
				files.push(file);
				if (++uploads <= lose) {
					request.socket.destroy();
					return;
				}

				response.writeHead(201, {'Content-Type': 'application/json'}).end(JSON.stringify(file));
			} else if (request.method === 'GET' && url.pathname === '/api/v2/files/') {
				const search = url.searchParams.get('search') ?? '';
				const results = files.filter(file => file.name.includes(search));
				response.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify({count: results.length, next: null, previous: null, results}));
			} else if (request.method === 'DELETE' && url.pathname.startsWith('/api/v2/files/')) {
				const id = url.pathname.split('/')[4];
				const index = files.findIndex(file => file.id === id);
				if (index >= 0) {
					files.splice(index, 1);
				}

				response.writeHead(index >= 0 ? 204 : 404).end();
			} else {
				response.writeHead(404).end('{}');
			}
		});
	});
	return {url: await listenOnLoopback(server), files};
}

function localFile(name: string, content: string): string {
	const file = path.join(mkdtempSync(path.join(tmpdir(), 'lost-')), name);
	writeFileSync(file, content);
	return file;
}

test('an upload whose answer was lost deletes the copy that landed before sending again: one copy, said once', async () => {
	const older = {id: 'f1', name: 'build_script.sh', decryptedSize: 12};
	const server = await lossyFiles(2, [older]);
	const client = new RescaleClient({platform: server.url, apiKey: testApiKey, retry: {baseDelayMs: 1}});
	const orphans: RescaleFile[] = [];
	const uploaded = await client.files.upload(localFile('build_script.sh', 'echo built\n!'), {onOrphan: file => orphans.push(file)});
	assert.deepEqual(server.files.map(file => file.id), ['f1', uploaded.id], 'the earlier file of the same name and size is kept; no lost copy is left');
	assert.equal(orphans.length, 2);
});

test('a lost copy another command claims is not deleted', async () => {
	const server = await lossyFiles(1);
	const client = new RescaleClient({platform: server.url, apiKey: testApiKey, retry: {baseDelayMs: 1}});
	const uploaded = await client.files.upload(localFile('a.def', 'Bootstrap: docker\n'), {claimed: file => file.id === 'f100'});
	assert.deepEqual(server.files.map(file => file.id), ['f100', uploaded.id]);
});

test('when every attempt loses its answer, the copies are still deleted before the error', async () => {
	const server = await lossyFiles(10);
	const client = new RescaleClient({platform: server.url, apiKey: testApiKey, retry: {baseDelayMs: 1, attempts: 3}});
	await assert.rejects(client.files.upload(localFile('c.tar.gz', 'xyz')), /connection was lost/);
	assert.deepEqual(server.files, []);
});
