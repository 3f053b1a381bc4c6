import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer as createHttpServer} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {RescaleClient} from '../../source/rescale/client.js';
import type {RescaleError} from '../../source/rescale/errors.js';
import type {RetryEvent} from '../../source/rescale/types.js';
import {runCliAsync} from '../helpers/cli.js';
import {listenOnLoopback} from '../helpers/loopback-server.js';

/** A client whose retries would come quickly (6 attempts), counting the retries it announces. */
function countingClient(platform: string) {
	const retries: RetryEvent[] = [];
	const client = new RescaleClient({platform, apiKey: 'abcd1234efgh', retry: {attempts: 6, baseDelayMs: 5, maxDelayMs: 20}, onEvent: event => retries.push(event)});
	return {client, retries};
}

test('the CLI against a host name that does not exist tries once and says so in words (it retried 6 times over ~21 s)', async () => {
	const result = await runCliAsync(['doctor', '--platform', 'https://nonexistent.invalid'], {env: {RESCALE_API_KEY: 'abcd1234efgh', RESCALE_APPTAINER_CONFIG_DIR: '/nonexistent-config-dir'}});
	const output = result.stdout + result.stderr;
	assert.equal(result.status, 1, output);
	assert.match(output, /the host name nonexistent\.invalid could not be found \(ENOTFOUND\)/);
	assert.match(output, /Check the platform address/);
	assert.doesNotMatch(output, /retrying/, 'no retry announced');
});

test('an unresolvable host is not retried by the calls that retry themselves either (upload, job creation)', async () => {
	const {client, retries} = countingClient('https://nonexistent.invalid');
	const file = path.join(mkdtempSync(path.join(tmpdir(), 'lasting-')), 'x.def');
	writeFileSync(file, 'Bootstrap: docker\nFrom: x\n');
	const enotfound = (error: RescaleError) => error.kind === 'network' && /\(ENOTFOUND\)/.test(error.reason ?? '');
	await assert.rejects(client.users.me(), enotfound);
	await assert.rejects(client.files.upload(file), enotfound);
	await assert.rejects(client.jobs.create({name: 'x', jobanalyses: []}, {token: 'lasting-test'}), enotfound);
	assert.deepEqual(retries, []);
});

test('a self-signed certificate is one connection, said in words; a lost connection is still retried', async () => {
	// A self-signed pair made once with openssl (valid for a century): CI machines need not have openssl.
	const folder = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
	let handshakes = 0;
	const tls = createHttpsServer({key: readFileSync(path.join(folder, 'key.pem')), cert: readFileSync(path.join(folder, 'cert.pem'))}, (_request, response) => {
		response.end('{}');
	});
	tls.on('connection', () => handshakes++);
	await new Promise<void>(resolve => {
		tls.listen(0, '127.0.0.1', resolve);
	});
	after(() => {
		tls.closeAllConnections();
		tls.close();
	});
	const secure = countingClient(`https://127.0.0.1:${(tls.address() as AddressInfo).port}`);
	await assert.rejects(secure.client.users.me(), (error: RescaleError) => error.kind === 'tls' && /self-signed.*\(DEPTH_ZERO_SELF_SIGNED_CERT\)/.test(error.reason ?? ''));
	assert.equal(handshakes, 1);
	assert.deepEqual(secure.retries, []);

	let connections = 0;
	const resetting = createHttpServer();
	resetting.on('connection', socket => {
		connections++;
		socket.destroy();
	});
	const lost = countingClient(await listenOnLoopback(resetting));
	await assert.rejects(lost.client.users.me(), (error: RescaleError) => error.kind === 'network' && /\(ECONNRESET\)/.test(error.reason ?? ''));
	assert.equal(connections, 6, 'ECONNRESET: every attempt');
	assert.equal(lost.retries.length, 5);
});
