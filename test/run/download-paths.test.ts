import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {RescaleClient} from '../../source/rescale/client.js';
import {checkDownloadFolder, downloadPaths} from '../../source/run/download-paths.js';
import {runCliAsync} from '../helpers/cli.js';
import {startSandbox, testApiKey} from '../helpers/sandbox.js';
import {listenOnLoopback} from '../helpers/loopback-server.js';

const hostileNames = ['..', '../../etc/passwd', 'a\u0000b.txt', `${'x'.repeat(300)}.log`, `${'x'.repeat(300)}.log `, 'out', 'out/inner.txt', 'a', 'a.part', '/', '', 'same.txt', 'same.txt', './.', 'dir\\..\\up.txt'];

test('hostile output names become distinct paths inside the folder, and every one can be written', () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'names-'));
	const targets = downloadPaths(folder, hostileNames);
	assert.equal(new Set(targets).size, hostileNames.length, targets.join('\n'));
	for (const target of targets) {
		assert.ok(target.startsWith(folder + path.sep), target);
		assert.ok(!target.includes('\u0000'));
		assert.ok(path.basename(target).length <= 200, target);
		mkdirSync(path.dirname(target), {recursive: true});
		writeFileSync(target, 'x');
	}

	assert.deepEqual(targets.slice(5, 7).map(target => path.relative(folder, target)), ['out-2', path.join('out', 'inner.txt')], 'a file named like a folder another file needs gets a suffix');
});

test('an existing folder with a file\'s name is not overwritten: the file gets a suffix', () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'names-'));
	mkdirSync(path.join(folder, 'result.txt'));
	assert.deepEqual(downloadPaths(folder, ['result.txt']), [path.join(folder, 'result-2.txt')]);
});

test('a.part next to a: both downloads land whole, nothing else is left', async () => {
	const server = createServer((request, response) => {
		const id = request.url?.split('/')[4] ?? '';
		const name = id === 'f1' ? 'a' : 'a.part';
		if (request.url?.endsWith('/contents/')) {
			response.writeHead(200, {'Content-Type': 'application/octet-stream'}).end(`content of ${name}`);
		} else {
			response.writeHead(200, {'Content-Type': 'application/json'}).end(JSON.stringify({id, name, decryptedSize: `content of ${name}`.length}));
		}
	});
	const client = new RescaleClient({platform: await listenOnLoopback(server), apiKey: testApiKey, retry: {attempts: 1}});
	const folder = mkdtempSync(path.join(tmpdir(), 'names-'));
	const [a, part] = downloadPaths(folder, ['a', 'a.part']);
	await Promise.all([client.files.download('f1', a!), client.files.download('f2', part!)]);
	assert.deepEqual(readdirSync(folder).sort(), ['a', 'a.part']);
	assert.equal(readFileSync(a!, 'utf8'), 'content of a');
	assert.equal(readFileSync(part!, 'utf8'), 'content of a.part');
});

test('--download naming an existing file is refused before anything is submitted', async () => {
	const sandbox = await startSandbox();
	const folder = mkdtempSync(path.join(tmpdir(), 'names-'));
	writeFileSync(path.join(folder, 'results'), 'not a folder');
	const result = await runCliAsync(['run', '--sif', 'x.sif', '--coretype', 'aquamarine_v3', '--download', 'results', '--platform', sandbox.url, '--yes'], {cwd: folder, env: {RESCALE_API_KEY: testApiKey, RESCALE_APPTAINER_CONFIG_DIR: path.join(folder, 'config')}});
	assert.equal(result.status, 2, result.stdout + result.stderr);
	assert.match(result.stderr, /--download results: that is an existing file, not a folder; nothing was submitted/);
	assert.equal(sandbox.store.jobs.size, 0);
	assert.equal(readFileSync(path.join(folder, 'results'), 'utf8'), 'not a folder');
});

test('--download: a folder whose folder is missing or a file, an existing file, or a path that cannot be looked at is refused in one check, with the way forward; nothing is made', () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'download-check-'));
	writeFileSync(path.join(folder, 'notes.txt'), 'mine');
	symlinkSync('loop', path.join(folder, 'loop'));
	const said = (target: string) => {
		try {
			checkDownloadFolder(target);
		} catch (error) {
			return `${(error as Error).message}\n${(error as {hint?: string}).hint}`;
		}

		return 'accepted';
	};

	const typo = path.join(folder, 'typo');
	assert.equal(said(path.join(typo, 'results')), `--download ${path.join(typo, 'results')}: the folder ${typo} does not exist; nothing was submitted\nCreate it (mkdir -p ${typo}), or name a folder for the output files inside one that exists, e.g. --download results.`);
	const notes = path.join(folder, 'notes.txt');
	assert.equal(said(path.join(notes, 'results')), `--download ${path.join(notes, 'results')}: ${notes} is a file, not a folder; nothing was submitted\nName a folder for the output files inside one that exists, e.g. --download results.`);
	assert.equal(said(notes), `--download ${notes}: that is an existing file, not a folder; nothing was submitted\nName a new or existing folder for the output files, e.g. --download results.`);
	assert.match(said(path.join(folder, 'loop', 'results')), /loop cannot be looked at \(ELOOP\)\nName a path you can reach/);
	assert.equal(said(path.join(folder, 'results')), 'accepted', 'a new folder in one that exists');
	assert.equal(said(folder), 'accepted', 'an existing folder');
	assert.deepEqual(readdirSync(folder).sort(), ['loop', 'notes.txt']);
});
