// The def-applying helper must copy as Apptainer does, or every test built on it proves nothing.
// These cases are ported from apptainer/apptainer internal/pkg/build/files/copy_test.go
// (TestMakeParentDir, TestCopyFromHost, TestCopyFromStage) and run through whole defs.
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, describe, test} from 'node:test';
import {applyDef, BuildFailure} from '../helpers/apply-def.js';

const context = mkdtempSync(path.join(tmpdir(), 'copy-context-'));
writeFileSync(path.join(context, 'srcFile'), 'Source File Content\n');
writeFileSync(path.join(context, 'src File'), 'Source File Content\n');
mkdirSync(path.join(context, 'srcDir'));
writeFileSync(path.join(context, 'srcDir', 'srcFileNested'), 'Source File Content\n');
symlinkSync('./srcFile', path.join(context, 'srcFileLinkRel'));
symlinkSync('./srcDir', path.join(context, 'srcDirLinkRel'));
after(() => rmSync(context, {recursive: true, force: true}));

function treeAfter(def: string, folder = '/out'): string[] {
	const applied = applyDef(def, {context, images: {alpine: {directories: ['out']}}});
	try {
		return applied.tree(folder);
	} finally {
		applied.dispose();
	}
}

const host = (line: string) => `Bootstrap: docker\nFrom: alpine\n\n%files\n    ${line}\n`;

describe('host %files copy as CopyFromHost (cp -fLr per glob match)', () => {
	for (const [name, line, expected] of [
		['SrcFileToDir', 'srcFile /out/dstDir/', ['dstDir/', 'dstDir/srcFile']],
		['srcFileToFile', 'srcFile /out/dstDir/dstFile', ['dstDir/', 'dstDir/dstFile']],
		['srcFileToFileLongPath', 'srcFile /out/dstDir/long/path/to/dstFile', ['dstDir/', 'dstDir/long/', 'dstDir/long/path/', 'dstDir/long/path/to/', 'dstDir/long/path/to/dstFile']],
		['srcFileSpace', '"src File" "/out/src File"', ['src File']],
		['srcFileGlob (the link it also matches is copied as a file)', 'srcFi?* /out/dstDir/', ['dstDir/', 'dstDir/srcFile', 'dstDir/srcFileLinkRel']],
		['SrcDirDest', 'srcDir /out/dstDir', ['dstDir/', 'dstDir/srcFileNested']],
		['SrcDirToDir', 'srcDir /out/dstDir/', ['dstDir/', 'dstDir/srcDir/', 'dstDir/srcDir/srcFileNested']],
		['srcFileLinkRel (the file, not the link)', 'srcFileLinkRel /out/srcFileLinkRel', ['srcFileLinkRel']],
		['srcDirLinkRel (the folder, not the link)', 'srcDirLinkRel /out/srcDirLinkRel', ['srcDirLinkRel/', 'srcDirLinkRel/srcFileNested']],
		['a folder into an existing folder lands inside it (GNU cp -r)', 'srcDir /out', ['srcDir/', 'srcDir/srcFileNested']],
		['dir/. into an existing folder copies the contents', 'srcDir/. /out', ['srcFileNested']],
	] as const) {
		test(name, () => assert.deepEqual(treeAfter(host(line)), expected));
	}

	test('a pattern that matches nothing stays literal, so cp fails the build', () => {
		assert.throws(() => treeAfter(host('nothing* /out/')), BuildFailure);
	});
});

const fromStage = (prepare: string, line: string) => `Bootstrap: docker\nFrom: alpine\nStage: one\n\n%post\n    ${prepare}\n\nBootstrap: docker\nFrom: alpine\nStage: two\n\n%files from one\n    ${line}\n`;
const stageFiles = 'mkdir -p /srcDir && echo x > /srcDir/srcFileNested && echo x > /srcFile && ln -s /srcFile /srcFileLinkAbs && ln -s /srcDir /srcDirLinkAbs';

describe('%files from a stage copy as CopyFromStage (tar, first-level links followed)', () => {
	for (const [name, line, expected] of [
		['SrcFileToDir', '/srcFile /out/dstDir/', ['dstDir/', 'dstDir/srcFile']],
		['srcFileToFile', '/srcFile /out/dstDir/dstFile', ['dstDir/', 'dstDir/dstFile']],
		['srcFileGlob (the link it also matches is followed)', '/srcF?* /out/dstDir/', ['dstDir/', 'dstDir/srcFile', 'dstDir/srcFileLinkAbs']],
		['srcFileLinkAbs (resolved in the source root)', '/srcFileLinkAbs /out/srcFileLinkAbs', ['srcFileLinkAbs']],
		['srcDirLinkAbs (resolved in the source root)', '/srcDirLinkAbs /out/srcDirLinkAbs', ['srcDirLinkAbs/', 'srcDirLinkAbs/srcFileNested']],
		['SrcDirDest', '/srcDir /out/dstDir', ['dstDir/', 'dstDir/srcFileNested']],
		['a folder into an existing folder gets its name appended', '/srcDir /out', ['srcDir/', 'srcDir/srcFileNested']],
		['dir/. is cleaned to dir, so it nests too', '/srcDir/. /out', ['srcDir/', 'srcDir/srcFileNested']],
		['dir/ appends an empty name: the contents land in DST', '/srcDir/ /out', ['srcFileNested']],
	] as const) {
		test(name, () => assert.deepEqual(treeAfter(fromStage(stageFiles, line)), expected));
	}
});

describe('%post runs after the copies, under /bin/sh -ex in the root, from /', () => {
	test('it sees the copied files and starts in /', () => {
		const def = `Bootstrap: docker\nFrom: alpine\n\n%files\n    srcFile /out/\n\n%post\n    pwd > /out/cwd\n    cat /out/srcFile > /out/copy\n`;
		assert.deepEqual(treeAfter(def), ['copy', 'cwd', 'srcFile']);
	});

	test('a failing command fails the build, with its message', () => {
		assert.throws(() => treeAfter('Bootstrap: docker\nFrom: alpine\n\n%post\n    mkdir /out\n'), /File exists/);
	});
});
