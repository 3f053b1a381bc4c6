import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {parseDefFile} from '../../source/apptainer/parse-def.js';
import {readSif, SifFormatError, sifObject, writeSif} from '../../source/apptainer/sif.js';
import {corpusRoot, runCli} from '../helpers/cli.js';

const def = 'Bootstrap: docker\nFrom: alpine:3.19\n\n%post\n    echo hi\n';

test('a written SIF reads back with its definition file', () => {
	const image = writeSif([
		{type: 'deffile', data: Buffer.from(def)},
		{type: 'labels', data: Buffer.from('{"org.label-schema.schema-version":"1.0"}')},
		{type: 'partition', data: Buffer.alloc(5000, 7), fsType: 4, partitionType: 2},
	]);
	const read = readSif(image);
	assert.equal(read.arch, '02');
	assert.deepEqual(read.descriptors.map(descriptor => descriptor.type), ['deffile', 'labels', 'partition']);
	assert.equal(read.descriptors[2]!.offset % 4096, 0);
	assert.equal(sifObject(image, 'deffile')!.toString(), def);
	assert.throws(() => readSif(Buffer.from('#!/bin/sh\nnot a sif')), SifFormatError);
});

test('siftool (sylabs) lists the objects of a SIF we write', {skip: spawnSync('siftool', ['version']).error ? 'siftool is not installed (.ci/run installs it)' : false}, () => {
	const file = path.join(mkdtempSync(path.join(tmpdir(), 'sif-')), 'image.sif');
	writeFileSync(file, writeSif([{type: 'deffile', data: Buffer.from(def)}, {type: 'partition', data: Buffer.alloc(100), fsType: 4, partitionType: 2}]));
	const list = spawnSync('siftool', ['list', file], {encoding: 'utf8'});
	assert.equal(list.status, 0, list.stderr);
	assert.match(list.stdout, /Def\.FILE/);
	assert.match(list.stdout, /FS \(Raw\/\*System\/amd64\)/);
	assert.equal(spawnSync('siftool', ['dump', '1', file], {encoding: 'utf8'}).stdout, def);
});

test('the def parser reads stages and sections and accepts every definition convert writes', () => {
	for (const name of readdirSync(corpusRoot, {withFileTypes: true}).filter(entry => entry.isDirectory()).map(entry => entry.name)) {
		const result = runCli(['convert', path.join(corpusRoot, name)]);
		if (result.status !== 0) {
			continue;
		}

		assert.deepEqual(parseDefFile(result.stdout).problems, [], name);
	}

	const parsed = parseDefFile('Bootstrap: docker\nFrom: golang:1.22\nStage: builder\n\n%post\n    go build\n\nBootstrap: docker\nFrom: debian:12\n\n%files from builder\n    /out/app /app\n');
	assert.deepEqual(parsed.stages.map(stage => [stage.header.from, stage.sections.map(section => `${section.name} ${section.argument}`.trim())]), [['golang:1.22', ['post']], ['debian:12', ['files from builder']]]);
});

test('the def parser reports what apptainer build would refuse', () => {
	const problems = (text: string) => parseDefFile(text).problems.map(problem => problem.message);
	assert.deepEqual(problems(''), ['no bootstrap specification found']);
	assert.deepEqual(problems('Bootstrap: docker\n'), ['docker bootstrap requires a From: field']);
	assert.deepEqual(problems('Bootstrap: dokker\nFrom: x\n'), ['invalid build agent: dokker']);
	assert.deepEqual(problems('Bootstrap: docker\nFrom: x\n%psot\n  echo\n'), ['invalid section(s) specified: psot']);
	assert.deepEqual(problems('Bootstrap: docker\nFrom: x\n%files from nowhere\n  /a /b\n'), ['%files from nowhere: no earlier stage is named nowhere']);
});
