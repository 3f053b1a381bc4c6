import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {saveDefFile} from '../../source/definition/save-def.js';

function defFile(): string {
	const folder = path.join(mkdtempSync(path.join(tmpdir(), 'save-def-')), 'image');
	mkdirSync(folder);
	return path.join(folder, 'image.def');
}

test('s twice saves over the def it wrote itself; a def edited by hand in between is kept and the new one saved beside it', () => {
	const file = defFile();
	assert.deepEqual(saveDefFile(file, 'Bootstrap: docker\nFrom: one\n'), {file});
	assert.deepEqual(saveDefFile(file, 'Bootstrap: docker\nFrom: two\n'), {file});
	assert.equal(readFileSync(file, 'utf8'), 'Bootstrap: docker\nFrom: two\n');

	writeFileSync(file, 'Bootstrap: docker\nFrom: mine\n');
	const saved = saveDefFile(file, 'Bootstrap: docker\nFrom: three\n');
	assert.equal(readFileSync(file, 'utf8'), 'Bootstrap: docker\nFrom: mine\n', 'the hand edit survives');
	assert.deepEqual(saved, {file: file.replace(/\.def$/, '.2.def'), kept: file});
	assert.equal(readFileSync(saved.file, 'utf8'), 'Bootstrap: docker\nFrom: three\n');

	// The same def again reuses its copy; another one takes the next free name, never the user's file.
	assert.deepEqual(saveDefFile(file, 'Bootstrap: docker\nFrom: three\n'), saved);
	assert.equal(saveDefFile(file, 'Bootstrap: docker\nFrom: four\n').file, file.replace(/\.def$/, '.3.def'));
	assert.equal(readFileSync(file, 'utf8'), 'Bootstrap: docker\nFrom: mine\n');
});

test('a def the last build plan wrote (plan.json) is the tool\'s own: saving replaces it', () => {
	const file = defFile();
	writeFileSync(file, 'Bootstrap: docker\nFrom: planned\n');
	writeFileSync(path.join(path.dirname(file), 'plan.json'), JSON.stringify({def: 'Bootstrap: docker\nFrom: planned\n'}));
	assert.deepEqual(saveDefFile(file, 'Bootstrap: docker\nFrom: new\n'), {file});
	assert.equal(readFileSync(file, 'utf8'), 'Bootstrap: docker\nFrom: new\n');
});
