import assert from 'node:assert/strict';
import {readdirSync, readFileSync, existsSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {convertDockerfile} from '../../source/apptainer/convert.js';
import {writeDefFile} from '../../source/apptainer/def-file.js';
import {parseDockerfile} from '../../source/dockerfile/model.js';
import {validateDockerfile} from '../../source/dockerfile/validate.js';
import {corpusRoot, exampleRoot} from '../helpers/cli.js';

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6D_2B_79_F5) | 0;
		let value = Math.imul(state ^ (state >>> 15), 1 | state);
		value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
		return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const vocabulary = [
	'FROM', 'RUN', 'COPY', 'ADD', 'ENV', 'ARG', 'WORKDIR', 'CMD', 'ENTRYPOINT', 'LABEL', 'USER', 'SHELL', 'VOLUME', 'EXPOSE',
	'HEALTHCHECK', 'ONBUILD', 'STOPSIGNAL', 'MAINTAINER', 'AS', 'scratch', 'pytorch/pytorch:1.10.0-cuda11.3-cudnn8-runtime',
	'alpine', '--from=0', '--from=build', '--chown=1:1', '--chmod=755', '--mount=type=cache,target=/x', '--platform=linux/arm64',
	'<<EOF', 'EOF', '<<-X', '[', ']', '["a",', '"b"]', '"', "'", '\\', '`', '$', '${', '}', '${A:-b}', '$HOME', '=', 'A=b',
	'&&', '||', ';', '|', '(', ')', '#', '# escape=`', '# syntax=docker/dockerfile:1.4', '.', '/', './', '../x', '*',
	'https://data.pyg.org/whl/torch-1.11.0+cu113.html', 'pip', 'install', '-f', '-e', 'apt-get', '-y', 'conda', 'activate',
	'\t', ' ', '\n', '\r\n', '\\\n', 'é', '\u0000', '\uFFFD', '💥',
];

function soup(next: () => number): string {
	const length = Math.floor(next() * 60);
	let text = '';
	for (let index = 0; index < length; index++) {
		text += vocabulary[Math.floor(next() * vocabulary.length)]!;
		text += next() < 0.6 ? ' ' : next() < 0.5 ? '\n' : '';
	}

	return text;
}

const seeds = readdirSync(corpusRoot, {withFileTypes: true})
	.filter(entry => entry.isDirectory())
	.map(entry => path.join(corpusRoot, entry.name, 'Dockerfile'))
	.concat(path.join(exampleRoot, 'Dockerfile'))
	.filter(file => existsSync(file))
	.map(file => readFileSync(file, 'utf8'));

function mutate(next: () => number): string {
	const seed = seeds[Math.floor(next() * seeds.length)]!;
	const cut = Math.floor(next() * (seed.length + 1));
	if (next() < 0.5) {
		return seed.slice(0, cut);
	}

	const insert = vocabulary[Math.floor(next() * vocabulary.length)]!;
	return seed.slice(0, cut) + insert + seed.slice(cut + Math.floor(next() * 5));
}

test('parse, validate, convert and write never throw on random or truncated Dockerfiles (3000 seeded cases)', () => {
	const next = random(20_261_124);
	for (let index = 0; index < 3000; index++) {
		const text = (index % 2 === 0 ? soup(next) : mutate(next)).replaceAll(/\r\n?/g, '\n');
		try {
			const model = parseDockerfile(text);
			const findings = validateDockerfile(model);
			assert.ok(Array.isArray(findings));
			const written = writeDefFile(convertDockerfile(model).def);
			assert.equal(typeof written.text, 'string');
		} catch (error) {
			assert.fail(`case ${index} threw ${String(error)} on:\n${JSON.stringify(text)}`);
		}
	}
});

test('inputs that once crashed dockerfile-ast or dockerfile-utils are handled', () => {
	const crashers = [
		// getHeredocs() read past the end of a heredoc opener.
		"] <<EOF\n\u0000SHELLMAINTAINER# syntax=docker/dockerfile:1.4\n\\${\n# --mount=type=cache,target=/x\nconda \\\n# escape=` COPY \\VOLUME# syntax=docker/dockerfile:1.4 pytorch/pytorch:1.10.0-cuda11.3-cudnn8-runtime conda -f \n",
		// validate() recursed without end resolving variables.
		"\thttps://data.pyg.org/whl/torch-1.11.0+cu113.html $https://data.pyg.org/whl/torch-1.11.0+cu113.html # syntax=docker/dockerfile:1.4 \ud83d\udca5 EOF} ( https://data.pyg.org/whl/torch-1.11.0+cu113.html [\"a\", --platform=linux/arm64 RUN\n&& pipEOF ADD ../x\n\u00e9pytorch/pytorch:1.10.0-cuda11.3-cudnn8-runtime scratch ./\\\n ` --chmod=755 ) ",
	];
	for (const text of crashers) {
		const model = parseDockerfile(text);
		const findings = validateDockerfile(model);
		assert.ok(findings.some(finding => finding.rule === 'syntax' || finding.rule === 'no-from'));
		writeDefFile(convertDockerfile(model).def);
	}
});
