import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {contextFiles} from '../../source/context/context-files.js';
import {packContext} from '../../source/image-build/context.js';
import {buildScript} from '../../source/image-build/script.js';

/**
 * A work/shared folder with the inputs, and stubs for `apptainer` (writes the SIF, or fails; each
 * call is counted in calls.log), `sudo` and `unshare` (each works or not), run as on a node.
 */
async function workFolder(apptainer: string, node: {sudo?: boolean; userNamespaces?: boolean} = {}) {
	const work = mkdtempSync(path.join(tmpdir(), 'work-shared-'));
	const context = mkdtempSync(path.join(tmpdir(), 'ctx-'));
	mkdirSync(path.join(context, 'src'));
	writeFileSync(path.join(context, 'src', 'app.py'), 'print(1)');
	await packContext(context, contextFiles(context), path.join(work, 'context.tar.gz'));
	writeFileSync(path.join(work, 'demo.def'), 'Bootstrap: docker\nFrom: alpine\n');
	const bin = mkdtempSync(path.join(tmpdir(), 'bin-'));
	const stub = (name: string, body: string) => {
		writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
		chmodSync(path.join(bin, name), 0o755);
	};

	stub('apptainer', `[ "$1" = --version ] && { echo "apptainer version 1.3.6"; exit 0; }\necho "apptainer $*" >> ${path.join(bin, 'calls.log')}\n${apptainer}`);
	stub('sudo', node.sudo ? 'shift; [ "$1" = true ] && exit 0; "$@"' : 'echo "sudo: a password is required" >&2; exit 1');
	stub('unshare', node.userNamespaces ? 'exit 0' : 'echo "unshare: unshare failed: Operation not permitted" >&2; exit 1');
	writeFileSync(path.join(work, 'build_script.sh'), buildScript({name: 'demo', defFile: 'demo.def', context: {mode: 'upload', archive: 'context.tar.gz'}}));
	const result = spawnSync('sh', ['build_script.sh'], {cwd: work, encoding: 'utf8', env: {PATH: `${bin}:/usr/bin:/bin`}});
	const calls = existsSync(path.join(bin, 'calls.log')) ? readFileSync(path.join(bin, 'calls.log'), 'utf8').trim().split('\n') : [];
	return {work, result, lines: result.stdout.trim().split('\n'), calls};
}

const writesImage = 'for a; do case "$a" in *.sif) echo image > "$a";; esac; done';

test('the build script unpacks, builds from inside the context, and leaves only the SIF', async () => {
	// The stub checks it runs where the context and the def are, then writes the image.
	const {work, result, lines} = await workFolder('[ -f src/app.py ] && [ -f demo.def ] || exit 3\nfor a; do case "$a" in *.sif) echo image > "$a";; esac; done');
	assert.equal(result.status, 0, result.stdout + result.stderr);
	assert.deepEqual(readdirSync(work), ['demo.sif']);
	assert.match(lines.at(-1)!, /^BUILD OK: demo\.sif \(/);
});

test('the build mode is decided up front: sudo where it works, else fakeroot, else unprivileged; said in the log', async () => {
	const sudo = await workFolder(writesImage, {sudo: true});
	assert.equal(sudo.result.status, 0, sudo.result.stdout + sudo.result.stderr);
	assert.equal(sudo.lines[0], '== apptainer version 1.3.6');
	assert.ok(sudo.lines.includes('== build mode: sudo (passwordless sudo works on this node)'));
	assert.deepEqual(sudo.calls, ['apptainer build ../demo.sif demo.def']);
	assert.deepEqual(readdirSync(sudo.work), ['demo.sif'], 'the .apptainer folder is removed too');

	const fakeroot = await workFolder(writesImage, {userNamespaces: true});
	assert.ok(fakeroot.lines.some(line => line.startsWith('== build mode: fakeroot (no passwordless sudo;')));
	assert.deepEqual(fakeroot.calls, ['apptainer build --fakeroot ../demo.sif demo.def']);

	const unprivileged = await workFolder(writesImage);
	assert.ok(unprivileged.lines.includes('== build mode: unprivileged (no passwordless sudo and no fakeroot on this node)'));
	assert.deepEqual(unprivileged.calls, ['apptainer build ../demo.sif demo.def']);
});

test('a build that fails for a real reason runs once, never again under another mode, and ends with one clear line', async () => {
	const failure = await workFolder('echo "FATAL: While performing build: while running engine: exit status 1" >&2; exit 255', {userNamespaces: true});
	assert.notEqual(failure.result.status, 0);
	assert.equal(failure.calls.length, 1, failure.calls.join('\n'));
	assert.match(failure.lines.at(-1)!, /^BUILD FAILED \(exit code 255\): see the lines above$/);
});

test('Apptainer\'s temporary and cache folders are in the job\'s working folder, not the node\'s /tmp', async () => {
	const {result} = await workFolder(`echo "tmp=$APPTAINER_TMPDIR cache=$APPTAINER_CACHEDIR"; [ -d "$APPTAINER_TMPDIR" ] || exit 4\n${writesImage}`);
	assert.equal(result.status, 0, result.stdout + result.stderr);
	assert.match(result.stdout, /tmp=\/\S+\/work-shared-\w+\/\.apptainer\/tmp cache=\/\S+\/work-shared-\w+\/\.apptainer\/cache/);
});

test('paths are quoted and a git context is fetched at its exact commit', () => {
	const script = buildScript({name: 'my image', defFile: "it's.def", context: {mode: 'git', url: 'https://example.com/lab/app.git', commit: 'a'.repeat(40), subdirectory: 'docker'}});
	assert.match(script, /git -C context fetch --quiet --depth 1 'https:\/\/example.com\/lab\/app.git' 'a{40}'/);
	assert.match(script, /cp 'it'\\''s.def' 'context\/docker'\//);
	assert.match(script, /fakeroot\) apptainer build --fakeroot '\.\.\/\.\.\/my image\.sif' 'it'\\''s\.def'/);
	const check = spawnSync('sh', ['-n'], {input: script});
	assert.equal(check.status, 0, 'valid sh syntax');
});
