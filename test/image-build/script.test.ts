import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {contextFiles} from '../../source/context/context-files.js';
import {packContext} from '../../source/image-build/context.js';
import {buildScript} from '../../source/image-build/script.js';

/** A work/shared folder with the inputs, and an `apptainer` stub that writes the SIF (or fails). */
async function workFolder(apptainer: string) {
	const work = mkdtempSync(path.join(tmpdir(), 'work-shared-'));
	const context = mkdtempSync(path.join(tmpdir(), 'ctx-'));
	mkdirSync(path.join(context, 'src'));
	writeFileSync(path.join(context, 'src', 'app.py'), 'print(1)');
	await packContext(context, contextFiles(context), path.join(work, 'context.tar.gz'));
	writeFileSync(path.join(work, 'demo.def'), 'Bootstrap: docker\nFrom: alpine\n');
	const bin = mkdtempSync(path.join(tmpdir(), 'bin-'));
	writeFileSync(path.join(bin, 'apptainer'), `#!/bin/sh\n${apptainer}\n`);
	chmodSync(path.join(bin, 'apptainer'), 0o755);
	writeFileSync(path.join(work, 'build_script.sh'), buildScript({name: 'demo', defFile: 'demo.def', context: {mode: 'upload', archive: 'context.tar.gz'}}));
	const result = spawnSync('sh', ['build_script.sh'], {cwd: work, encoding: 'utf8', env: {PATH: `${bin}:/usr/bin:/bin`}});
	return {work, result, lines: result.stdout.trim().split('\n')};
}

test('the build script unpacks, builds from inside the context, and leaves only the SIF', async () => {
	// The stub checks it runs where the context and the def are, then writes the image.
	const {work, result, lines} = await workFolder('[ -f src/app.py ] && [ -f demo.def ] || exit 3\nfor a; do case "$a" in *.sif) echo image > "$a";; esac; done');
	assert.equal(result.status, 0, result.stdout + result.stderr);
	assert.deepEqual(readdirSync(work), ['demo.sif']);
	assert.match(lines.at(-1)!, /^BUILD OK: demo\.sif \(/);
});

test('without fakeroot the script retries unprivileged; a failure ends with one clear line', async () => {
	const fallback = await workFolder('case "$*" in *--fakeroot*) echo "FATAL: fakeroot not configured" >&2; exit 1;; esac\nfor a; do case "$a" in *.sif) echo image > "$a";; esac; done');
	assert.equal(fallback.result.status, 0);
	assert.ok(fallback.lines.includes('== the --fakeroot build failed; trying an unprivileged build'));
	const failure = await workFolder('echo "FATAL: Unable to build" >&2; exit 255');
	assert.notEqual(failure.result.status, 0);
	assert.match(failure.lines.at(-1)!, /^BUILD FAILED \(exit code 255\): see the lines above$/);
});

test('paths are quoted and a git context is fetched at its exact commit', () => {
	const script = buildScript({name: 'my image', defFile: "it's.def", context: {mode: 'git', url: 'https://example.com/lab/app.git', commit: 'a'.repeat(40), subdirectory: 'docker'}});
	assert.match(script, /git -C context fetch --quiet --depth 1 'https:\/\/example.com\/lab\/app.git' 'a{40}'/);
	assert.match(script, /cp 'it'\\''s.def' 'context\/docker'\//);
	assert.match(script, /apptainer build --fakeroot '\.\.\/\.\.\/my image\.sif' 'it'\\''s\.def'/);
	const check = spawnSync('sh', ['-n'], {input: script});
	assert.equal(check.status, 0, 'valid sh syntax');
});
