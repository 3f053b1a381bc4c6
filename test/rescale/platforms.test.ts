import assert from 'node:assert/strict';
import {test} from 'node:test';
import {UserError} from '../../source/errors.js';
import {RescaleClient} from '../../source/rescale/client.js';
import {flattenFieldErrors, redact} from '../../source/rescale/errors.js';
import {resolvePlatform} from '../../source/rescale/platforms.js';
import {parseTimestamp} from '../../source/rescale/types.js';
import {startSandbox} from '../helpers/sandbox.js';

test('platforms by name or URL; plain http only on loopback', () => {
	assert.equal(resolvePlatform(undefined), 'https://platform.rescale.com');
	assert.equal(resolvePlatform('eu'), 'https://eu.rescale.com');
	assert.equal(resolvePlatform('JP'), 'https://platform.rescale.jp');
	assert.equal(resolvePlatform('kr.rescale.com'), 'https://kr.rescale.com');
	assert.equal(resolvePlatform('http://127.0.0.1:8787/'), 'http://127.0.0.1:8787');
	assert.equal(resolvePlatform('http://localhost:1'), 'http://localhost:1');
	assert.throws(() => resolvePlatform('http://platform.rescale.com'), (error: UserError) => /unencrypted/.test(error.message));
	assert.throws(() => resolvePlatform('ftp://x'), UserError);
	assert.throws(() => resolvePlatform('http://[bad'), UserError);
});

test('a proxy from the environment is not used for the sandbox on loopback', async () => {
	const sandbox = await startSandbox();
	const saved = {HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy};
	process.env.HTTP_PROXY = 'http://127.0.0.1:9';
	process.env.http_proxy = 'http://127.0.0.1:9';
	try {
		const client = new RescaleClient({platform: sandbox.url, apiKey: sandbox.apiKey, retry: {attempts: 1}});
		assert.ok(await client.users.me());
	} finally {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) {
				delete process.env[name];
			} else {
				process.env[name] = value;
			}
		}
	}
});

test('network failures are typed, with a hint, and say where', async () => {
	const client = new RescaleClient({platform: 'http://127.0.0.1:9', apiKey: 'k3y-value', retry: {attempts: 2, baseDelayMs: 1}});
	await assert.rejects(client.users.me(), (error: {kind: string; message: string; hint: string}) =>
		error.kind === 'network' && /connection was refused \(ECONNREFUSED\) talking to http:\/\/127\.0\.0\.1:9/.test(error.message) && /network connection/.test(error.hint));
});

test('field errors flatten to paths; secrets are redacted', () => {
	assert.deepEqual(flattenFieldErrors({jobanalyses: [{hardware: {coresPerSlot: ['not offered']}}], name: ['required']}), ['jobanalyses[0].hardware.coresPerSlot: not offered', 'name: required']);
	assert.deepEqual(flattenFieldErrors({detail: 'Invalid token.'}), ['Invalid token.']);
	assert.equal(redact('token abcd1234 in abcd1234', 'abcd1234'), 'token [redacted] in [redacted]');
});

test('timestamps in the shapes the platform sends', () => {
	assert.equal(parseTimestamp('2022-05-18T13:57:34.898495Z')?.toISOString(), '2022-05-18T13:57:34.898Z');
	assert.equal(parseTimestamp('2022-05-18T13:57:34+00:00')?.toISOString(), '2022-05-18T13:57:34.000Z');
	assert.equal(parseTimestamp('2022-05-18T06:57:34-07:00')?.toISOString(), '2022-05-18T13:57:34.000Z');
	assert.equal(parseTimestamp('not a date'), undefined);
	assert.equal(parseTimestamp(null), undefined);
});
