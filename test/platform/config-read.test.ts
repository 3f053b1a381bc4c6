import assert from 'node:assert/strict';
import {chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import Conf from 'conf';
import {UserError} from '../../source/errors.js';
import {ConfigStore} from '../../source/platform/config.js';
import {platformSettings} from '../../source/platform/credentials.js';
import {runCli} from '../helpers/cli.js';

const folder = (name: string) => mkdtempSync(path.join(tmpdir(), `${name}-`));

/** Runs `work` with these environment variables set (undefined: unset), then puts them back. */
async function withEnvironment(values: Record<string, string | undefined>, work: () => Promise<void> | void) {
	const saved = Object.fromEntries(Object.keys(values).map(name => [name, process.env[name]]));
	const apply = (entries: Record<string, string | undefined>) => {
		for (const [name, value] of Object.entries(entries)) {
			if (value === undefined) {
				delete process.env[name];
			} else {
				process.env[name] = value;
			}
		}
	};

	apply(values);
	try {
		await work();
	} finally {
		apply(saved);
	}
}

test('settings written by the earlier conf-only store are found at the same default path and read', async () => {
	const home = folder('xdg');
	await withEnvironment({XDG_CONFIG_HOME: home, RESCALE_APPTAINER_CONFIG_DIR: undefined}, async () => {
		// The options the store was built with before reads stopped going through conf.
		const earlier = new Conf<Record<string, unknown>>({projectName: 'rescale-apptainer', projectSuffix: '', configFileMode: 0o600});
		earlier.set({platform: 'https://eu.rescale.com', apiKey: 'earlier-key', projects: {'https://eu.rescale.com': 'P9'}});
		const config = new ConfigStore();
		assert.equal(config.path, earlier.path);
		assert.deepEqual(config.credentials(), {platform: 'https://eu.rescale.com', apiKey: 'earlier-key'});
		assert.equal(platformSettings({}, config, {}).project, 'P9');
		await config.rememberProject('https://kr.rescale.com', 'P1');
		assert.deepEqual(earlier.get('projects'), {'https://eu.rescale.com': 'P9', 'https://kr.rescale.com': 'P1'}, 'writes go to the same file');
	});
});

test('RESCALE_APPTAINER_CONFIG_DIR holds the settings and the job records; empty, it is not the current folder', async () => {
	const directory = folder('config-dir');
	await withEnvironment({RESCALE_APPTAINER_CONFIG_DIR: directory, XDG_CONFIG_HOME: folder('xdg')}, async () => {
		writeFileSync(path.join(directory, 'config.json'), JSON.stringify({platform: 'https://platform.rescale.jp', apiKey: 'dir-key'}), {mode: 0o600});
		const config = new ConfigStore();
		assert.equal(config.path, path.join(directory, 'config.json'));
		assert.equal(config.jobs.directory, path.join(directory, 'jobs'));
		assert.deepEqual(config.credentials(), {platform: 'https://platform.rescale.jp', apiKey: 'dir-key'});
	});

	const cwd = process.cwd();
	await withEnvironment({RESCALE_APPTAINER_CONFIG_DIR: '', XDG_CONFIG_HOME: folder('xdg')}, () => {
		assert.equal(new ConfigStore().path, path.join(process.env.XDG_CONFIG_HOME!, 'rescale-apptainer', 'config.json'));
	});
	const relative = folder('relative');
	process.chdir(relative);
	try {
		await withEnvironment({RESCALE_APPTAINER_CONFIG_DIR: 'accounts/two'}, () => {
			assert.equal(new ConfigStore().path, path.join(relative, 'accounts', 'two', 'config.json'), 'a relative folder is taken from where the command runs, as conf did');
		});
	} finally {
		process.chdir(cwd);
	}
});

test('with no settings file nothing is stored, and reading creates no folder', async () => {
	const directory = path.join(folder('missing'), 'not-yet');
	const config = new ConfigStore(directory);
	assert.deepEqual(config.credentials(), {platform: undefined, apiKey: undefined});
	assert.equal(config.project('https://platform.rescale.com'), undefined);
	assert.deepEqual(config.inFlightJobs(), []);
	assert.equal(config.moveAsideIfCorrupt(), undefined);
	assert.equal(existsSync(directory), false);
	assert.equal(await config.clearCredentials(), false);
});

for (const [text, problem] of [
	['{"apiKey": "half-writ', /is not valid JSON/],
	['', /is not valid JSON/],
	['null', /is not a JSON object/],
	['["a-key"]', /is not a JSON object/],
	['{"platform": "https://eu.rescale.com", "apiKey": 12345}', /has a value for apiKey that is not text/],
	['{"projects": {"https://eu.rescale.com": ["P1"]}}', /has projects that are not project ids by platform/],
] as const) {
	test(`a damaged settings file (${JSON.stringify(text)}) is named on every read and write, never overwritten, and moved aside by logout`, async () => {
		const directory = folder('damaged');
		const file = path.join(directory, 'config.json');
		writeFileSync(file, text, {mode: 0o600});
		const config = new ConfigStore(directory);
		const named = (error: unknown) => error instanceof UserError && error.message.includes(file) && problem.test(error.message) && /logout/.test(error.hint!);
		assert.throws(() => platformSettings({}, config, {}), named);
		assert.throws(() => config.project('https://eu.rescale.com'), named);
		await assert.rejects(config.saveCredentials('https://eu.rescale.com', 'new-key'), named);
		await assert.rejects(config.rememberProject('https://eu.rescale.com', 'P1'), named);
		await assert.rejects(config.clearCredentials(), named);
		assert.equal(readFileSync(file, 'utf8'), text, 'the damaged file is left as it was');
		const moved = config.moveAsideIfCorrupt();
		assert.match(moved?.problem ?? '', problem);
		assert.equal(readFileSync(moved!.aside, 'utf8'), text);
		assert.deepEqual(readdirSync(directory), [path.basename(moved!.aside)]);
		await config.saveCredentials('https://eu.rescale.com', 'new-key');
		assert.deepEqual(config.credentials(), {platform: 'https://eu.rescale.com', apiKey: 'new-key'});
	});
}

test('a write through conf keeps the file 0600 (a hand-made 0644 one becomes 0600) and what else it holds', async () => {
	const directory = folder('mode');
	const file = path.join(directory, 'config.json');
	writeFileSync(file, JSON.stringify({platform: 'https://eu.rescale.com', apiKey: 'kept-key', inFlight: {}}));
	chmodSync(file, 0o644);
	const config = new ConfigStore(directory);
	await config.rememberProject('https://eu.rescale.com', 'P2');
	assert.equal(statSync(file).mode & 0o777, 0o600);
	assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {platform: 'https://eu.rescale.com', apiKey: 'kept-key', inFlight: {}, projects: {'https://eu.rescale.com': 'P2'}});
	assert.equal(await config.clearCredentials(), true);
	assert.equal(statSync(file).mode & 0o777, 0o600);
	assert.deepEqual(new ConfigStore(directory).credentials(), {platform: undefined, apiKey: undefined});
	assert.equal(new ConfigStore(directory).project('https://eu.rescale.com'), 'P2');
});

test('a settings folder that cannot hold files is a UserError naming the file, for reads and writes', async () => {
	const blocker = path.join(folder('blocked'), 'a-file');
	writeFileSync(blocker, '');
	const config = new ConfigStore(path.join(blocker, 'config'));
	const named = (verb: RegExp) => (error: unknown) => error instanceof UserError && error.message.includes(config.path) && verb.test(error.message) && /ENOTDIR/.test(error.message) && /RESCALE_APPTAINER_CONFIG_DIR/.test(error.hint!);
	assert.throws(() => config.credentials(), named(/cannot be read/));
	await assert.rejects(config.saveCredentials('https://eu.rescale.com', 'a-key'), named(/could not be written/));
});

test('a command with a settings file whose key is a number says so and exits 1 (it was an internal error); logout moves the file aside', () => {
	const directory = folder('numeric-key');
	writeFileSync(path.join(directory, 'config.json'), '{"platform": "https://eu.rescale.com", "apiKey": 12345}', {mode: 0o600});
	const env = {RESCALE_APPTAINER_CONFIG_DIR: directory, RESCALE_API_KEY: '', RESCALE_PLATFORM: ''};
	const doctor = runCli(['doctor'], {env});
	assert.equal(doctor.status, 1, doctor.stderr);
	assert.match(doctor.stderr, /config\.json has a value for apiKey that is not text \(damaged or edited by hand\)\nMove it aside and log in again: rescale-apptainer logout/);
	assert.doesNotMatch(doctor.stderr, /internal error|TypeError|\n\s+at /);
	const logout = runCli(['logout'], {env});
	assert.equal(logout.status, 0, logout.stderr);
	assert.match(logout.stdout, /config\.json has a value for apiKey that is not text; it was moved to .*config\.json\.broken-/);
	assert.deepEqual(new ConfigStore(directory).credentials(), {platform: undefined, apiKey: undefined});
});
