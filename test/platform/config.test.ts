import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {ConfigStore} from '../../source/platform/config.js';
import {platformSettings, winningKey} from '../../source/platform/credentials.js';
import type {UserError} from '../../source/errors.js';
import {runCli, runCliAsync} from '../helpers/cli.js';
import {startSandbox, testApiKey} from '../helpers/sandbox.js';

const freshConfig = () => new ConfigStore(mkdtempSync(path.join(tmpdir(), 'config-')));

test('the config file is readable only by its owner (0600)', async () => {
	const config = freshConfig();
	await config.saveCredentials('https://eu.rescale.com', 'a-key');
	assert.equal(statSync(config.path).mode & 0o777, 0o600);
});

test('key order: --api-key, then RESCALE_API_KEY, then the stored key; platform and project likewise', async () => {
	const config = freshConfig();
	const resolve = (flags: Parameters<typeof platformSettings>[0], environment: NodeJS.ProcessEnv) => {
		const settings = platformSettings(flags, config, environment);
		return {...winningKey(settings), platform: settings.platform, project: settings.project};
	};

	assert.throws(() => resolve({}, {}), (error: UserError) => /no Rescale API key/.test(error.message) && /login/.test(error.hint!));
	await config.saveCredentials('https://eu.rescale.com', 'stored');
	assert.deepEqual(resolve({}, {}), {apiKey: 'stored', platform: 'https://eu.rescale.com', source: 'the stored key', project: undefined});
	assert.equal(resolve({}, {RESCALE_API_KEY: 'env'}).source, 'RESCALE_API_KEY');
	assert.equal(resolve({}, {RESCALE_PLATFORM: 'kr'}).platform, 'https://kr.rescale.com');
	assert.deepEqual(resolve({apiKey: 'flag', platform: 'jp', project: 'P1'}, {RESCALE_API_KEY: 'env', RESCALE_PLATFORM: 'kr', RESCALE_PROJECT: 'P2'}), {apiKey: 'flag', platform: 'https://platform.rescale.jp', source: 'the --api-key flag', project: 'P1'});
	assert.equal(resolve({}, {RESCALE_PROJECT: 'P2'}).project, 'P2');
	await config.rememberProject('https://eu.rescale.com', 'P3');
	assert.equal(resolve({}, {}).project, 'P3', 'the project remembered for the stored platform');
	assert.equal(resolve({platform: 'us'}, {}).project, undefined, 'a remembered project belongs to its platform');
});

test('in-flight jobs are remembered until forgotten', () => {
	const config = freshConfig();
	config.jobs.save('abc123', {jobId: 'J1', kind: 'build', name: 'n', platform: 'p', token: 't', uploads: [], savedAt: new Date().toISOString()});
	assert.equal(config.inFlightJob('abc123')?.jobId, 'J1');
	config.forgetJob('abc123');
	assert.equal(config.inFlightJob('abc123'), undefined);
});

test('login checks the key first, stores it 0600, never prints it; a wrong key is not stored; logout removes it', async () => {
	const sandbox = await startSandbox();
	const directory = mkdtempSync(path.join(tmpdir(), 'login-'));
	const env = {RESCALE_APPTAINER_CONFIG_DIR: directory, RESCALE_API_KEY: ''};
	const login = async (key: string) => runCliAsync(['login', '--platform', sandbox.url], {input: `${key}\n`, env});
	const wrong = await login('wrong-key');
	assert.equal(wrong.status, 1);
	assert.match(wrong.stderr, /rejected the API key.*The key was not stored/);
	const right = await login(testApiKey);
	assert.equal(right.status, 0, right.stderr);
	assert.match(right.stdout, /Logged in to http:\/\/127\.0\.0\.1:\d+ as researcher@sandbox\.invalid/);
	for (const text of [wrong.stdout, wrong.stderr, right.stdout, right.stderr]) {
		assert.ok(!text.includes(testApiKey));
	}

	const file = path.join(directory, 'config.json');
	assert.equal(statSync(file).mode & 0o777, 0o600);
	assert.ok(readFileSync(file, 'utf8').includes(sandbox.url));
	const logout = runCli(['logout'], {env});
	assert.match(logout.stdout, /removed/);
	assert.ok(!readFileSync(file, 'utf8').includes('apiKey'));
});

test('a damaged settings file is named with the way out, and logout moves it aside and works', () => {
	const directory = mkdtempSync(path.join(tmpdir(), 'config-'));
	writeFileSync(path.join(directory, 'config.json'), '{"apiKey": "half-writ');
	const config = new ConfigStore(directory);
	assert.throws(() => config.credentials(), (error: UserError) => error.message.includes(path.join(directory, 'config.json')) && /not valid JSON/.test(error.message) && /logout/.test(error.hint!));
	const result = runCli(['logout'], {env: {RESCALE_APPTAINER_CONFIG_DIR: directory}});
	assert.equal(result.status, 0, result.stderr);
	assert.match(result.stdout, /is not valid JSON; it was moved to .*config\.json\.broken-/);
	assert.ok(readdirSync(directory).some(name => name.startsWith('config.json.broken-')));
	assert.deepEqual(new ConfigStore(directory).credentials(), {platform: undefined, apiKey: undefined});
});
