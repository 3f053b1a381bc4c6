import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {gunzipSync} from 'node:zlib';
import {buildSync} from 'esbuild';
import {contextFiles} from '../../source/context/context-files.js';
import {packContext} from '../../source/image-build/context.js';
import {projectRoot} from '../helpers/cli.js';

function context(files: Record<string, string>): {root: string; out: string} {
	const root = mkdtempSync(path.join(tmpdir(), 'ctx-'));
	for (const [name, content] of Object.entries(files)) {
		writeFileSync(path.join(root, name), content);
	}

	const out = mkdtempSync(path.join(tmpdir(), 'out-'));
	chmodSync(root, 0o755);
	chmodSync(out, 0o777);
	return {root, out};
}

test('a .dockerignore of * packs an empty archive instead of crashing', async () => {
	const {root, out} = context({'.dockerignore': '*\n', 'Dockerfile': 'FROM python:3.11-slim\n', 'data.txt': 'x'});
	const archive = path.join(out, 'context.tar.gz');
	await packContext(root, contextFiles(root), archive);
	assert.deepEqual([...gunzipSync(readFileSync(archive))], Array.from({length: 1024}, () => 0), 'an empty tar: two zero blocks');
});

test('a dangling symbolic link is packed as a link, not read', async () => {
	const {root, out} = context({'Dockerfile': 'FROM python:3.11-slim\n'});
	symlinkSync('/nowhere/at/all', path.join(root, 'link'));
	await packContext(root, contextFiles(root), path.join(out, 'context.tar.gz'), {secrets: ['a-secret-key-1234'], privateFolders: []});
	assert.deepEqual(readdirSync(out), ['context.tar.gz']);
});

test('an unreadable file is named, with a way forward, and no partial archive is left', () => {
	const {root, out} = context({'Dockerfile': 'FROM python:3.11-slim\n', 'secret.pem': 'x', 'ok.txt': 'y'});
	chmodSync(path.join(root, 'secret.pem'), 0o000);
	const archive = path.join(out, 'context.tar.gz');
	// Root reads every file, so the packing runs as nobody when the tests run as root.
	const script = `import {packContext} from './source/image-build/context.ts'; import {contextFiles} from './source/context/context-files.ts';
packContext(${JSON.stringify(root)}, contextFiles(${JSON.stringify(root)}), ${JSON.stringify(archive)}).then(() => console.log('packed'), error => console.log(error.name + ': ' + error.message + ' / ' + error.hint));`;
	// Bundled into a folder anyone can read: nobody may not reach the checkout (a clone in a 0700 mktemp folder).
	const bundle = path.join(mkdtempSync(path.join(tmpdir(), 'pack-as-nobody-')), 'pack.mjs');
	buildSync({stdin: {contents: script, resolveDir: projectRoot, loader: 'ts'}, bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent', banner: {js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);"}});
	chmodSync(path.dirname(bundle), 0o755);
	const asNobody = process.getuid?.() === 0 ? {uid: 65_534, gid: 65_534} : {};
	const result = spawnSync(process.execPath, [bundle], {cwd: out, encoding: 'utf8', env: {...process.env, HOME: out}, ...asNobody});
	assert.match(result.stdout, /^UserError: 1 file\(s\) of the build context cannot be read: secret\.pem \(EACCES\); nothing was packed or uploaded \/ Make them readable \(chmod u\+r\), or list them in \.dockerignore/, result.stdout + result.stderr);
	assert.deepEqual(readdirSync(out).filter(name => name.startsWith('context')), []);
});
