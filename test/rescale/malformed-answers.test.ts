import assert from 'node:assert/strict';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {inspect} from 'node:util';
import {after, before, describe, test} from 'node:test';
import {RescaleClient} from '../../source/rescale/client.js';
import type {RescaleError} from '../../source/rescale/errors.js';

const apiKey = 'hostile-test-key-6b1d9e0f2a7c4835';

/** A server that answers 200 to everything, but not as Rescale does. */
const answers: Record<string, (request: IncomingMessage, response: ServerResponse) => void> = {
	'GET /api/v2/users/me/'(_, response) {
		// The content type echoes the key, to show that even that never reaches an error.
		response.writeHead(200, {'Content-Type': `text/html; charset=utf-8; x=${apiKey}`});
		response.end('<!doctype html><html><body>Welcome to the company portal</body></html>');
	},
	'GET /api/v2/jobs/'(_, response) {
		json(response, 200, {count: 0, next: null, previous: null, results: []});
	},
	'POST /api/v2/jobs/'(_, response) {
		json(response, 201, {name: 'no id here', jobanalyses: []});
	},
	'GET /api/v2/jobs/abc123/statuses/'(_, response) {
		json(response, 200, {count: 2, next: null, previous: null, results: [{statusDate: '2022-05-18T13:57:00Z', statusReason: ''}, {statusDate: '2022-05-18T13:50:00Z', statusReason: ''}]});
	},
	'GET /api/v2/coretypes/'(_, response) {
		json(response, 200, {count: 1, next: null, previous: null, results: [{code: 'emerald', name: 'Emerald', cores: [1, 2], price: 'cheap'}]});
	},
	'GET /api/v2/users/me/projects/'(_, response) {
		json(response, 200, [{id: 'p1', name: 'a bare array where a page is due'}]);
	},
	'GET /api/v3/file-folders/'(_, response) {
		json(response, 200, {folders: []});
	},
};

function json(response: ServerResponse, status: number, body: unknown) {
	response.writeHead(status, {'Content-Type': 'application/json'});
	response.end(JSON.stringify(body));
}

describe('answers that are not Rescale\'s are refused, not taken as success', () => {
	const seen: string[] = [];
	const server = createServer((request, response) => {
		const route = `${request.method} ${new URL(request.url!, 'http://x').pathname}`;
		seen.push(route);
		request.resume();
		const answer = answers[route];
		if (answer) {
			answer(request, response);
		} else {
			json(response, 404, {detail: 'Not found.'});
		}
	});
	let client: RescaleClient;
	let url: string;

	before(async () => {
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		client = new RescaleClient({platform: url, apiKey, retry: {attempts: 2, baseDelayMs: 1}});
	});
	after(() => {
		server.close();
	});

	/** The error a person reads: the endpoint, what was wrong, where to look; no key and no body. */
	function malformed(request: string, what: RegExp) {
		return (error: RescaleError) => {
			assert.equal(error.kind, 'malformed');
			assert.equal(error.request, request);
			assert.ok(error.message.startsWith(`${request}: `), error.message);
			assert.match(error.message, what);
			assert.equal(error.hint, `The server at ${url} does not answer like Rescale's API; check --platform.`);
			for (const text of [error.message, error.hint, inspect(error, {depth: 5}), JSON.stringify(error)]) {
				assert.ok(!text.includes(apiKey), text);
				assert.ok(!text.includes('<html') && !text.includes('portal'), text);
			}

			return true;
		};
	}

	test('an HTML page answered with 200 for users/me', async () => {
		await assert.rejects(client.users.me(), malformed('GET /api/v2/users/me/', /the answer is not JSON \(text\/html/));
	});

	test('a created job without an id, asked for once', async () => {
		seen.length = 0;
		const job = {name: 'build', jobanalyses: []};
		await assert.rejects(client.jobs.create(job), malformed('POST /api/v2/jobs/', /\(id is missing\)/));
		assert.equal(seen.filter(route => route === 'POST /api/v2/jobs/').length, 1);
	});

	test('a statuses page whose items have no status', async () => {
		await assert.rejects(client.jobs.statuses('abc123'), malformed('GET /api/v2/jobs/abc123/statuses/', /\(results\[0\]\.status is missing; results\[1\]\.status is missing\)/));
	});

	test('a price that is not a number', async () => {
		await assert.rejects(client.catalog.coretypes(), malformed('GET /api/v2/coretypes/', /\(results\[0\]\.price: expected a number\)/));
	});

	test('a bare array where a page is due', async () => {
		await assert.rejects(client.users.projects(), malformed('GET /api/v2/users/me/projects/', /\(the answer: expected object, received array\)/));
	});

	test('a folder list that is neither a bare array nor a page', async () => {
		await assert.rejects(client.folders.list(), malformed('GET /api/v3/file-folders/', /results is missing/));
	});
});
