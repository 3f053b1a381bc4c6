import assert from 'node:assert/strict';
import {test} from 'node:test';
import {convert} from '../helpers/convert.js';

/** The lines of the %files section. */
function filesLines(def: string): string[] {
	const lines = def.split('\n');
	const start = lines.indexOf('%files');
	const end = lines.findIndex((line, index) => index > start && line.startsWith('%'));
	return lines.slice(start + 1, end === -1 ? undefined : end).map(line => line.trim()).filter(Boolean);
}

test('a quote in a COPY source is not dropped into a wrong %files line: the step is left out and explained', () => {
	const {text, notes} = convert(['FROM python:3.11-slim', String.raw`COPY it\'s.txt /data/`, 'COPY plain.txt /data/']);
	assert.deepEqual(filesLines(text), ['plain.txt /data/']);
	assert.match(notes.map(note => note.message).join('\n'), /COPY source "it's\.txt" has a quote or a control character .* it is left out: rename the file/);
});

test('a line break in a file name a wildcard matches never splits a %files line', () => {
	const {text, notes} = convert(['FROM python:3.11-slim', 'COPY *.txt /data/'], {contextFiles: () => ['a.txt', 'bad\nname.txt']});
	assert.deepEqual(filesLines(text), ['a.txt /data/']);
	assert.match(notes.map(note => note.message).join('\n'), /COPY source "bad\\nname\.txt" has a quote or a control character/);
});
