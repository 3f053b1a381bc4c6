import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseDockerfile} from '../../source/dockerfile/model.js';
import {parseImageRef} from '../../source/dockerfile/image-ref.js';
import {pipInstalls} from '../../source/dockerfile/pip-installs.js';
import {cudaFromTag, parsePygIndexUrl, pygIndexUrlFor, pytorchImage, pytorchImageFor} from '../../source/dockerfile/torch-stack.js';

test('stages, names, platform and global ARGs', () => {
	const model = parseDockerfile(['ARG BASE=alpine', 'FROM --platform=linux/amd64 $BASE AS Build', 'RUN true', 'FROM scratch'].join('\n'));
	assert.equal(model.globalArgs.length, 1);
	assert.deepEqual(model.stages.map(stage => [stage.name, stage.image, stage.platform]), [['build', '$BASE', 'linux/amd64'], [undefined, 'scratch', undefined]]);
	assert.equal(model.stages[0]!.instructions.length, 1);
});

test('exec form is read as JSON, including paths with spaces', () => {
	const [, copy] = parseDockerfile('FROM a\nCOPY ["a b.txt", "/d/"]').instructions;
	assert.deepEqual(copy!.exec, ['a b.txt', '/d/']);
	assert.equal(parseDockerfile('FROM a\nRUN [not json').instructions[1]!.exec, undefined);
});

test('continuations: pieces without the escape character, comments and blank lines skipped', () => {
	const run = parseDockerfile('FROM a\nRUN one \\\n  # note\n\n  two \\  \n  three').instructions[1]!;
	assert.deepEqual(run.pieces, ['one ', '  two ', '  three']);
	assert.equal(run.text, 'one   two   three');
	assert.equal(run.endLine, 6);
});

test('the escape directive changes the continuation character', () => {
	const run = parseDockerfile('# escape=`\nFROM a\nRUN one `\n  two').instructions[1]!;
	assert.deepEqual(run.pieces, ['one ', '  two']);
});

test('heredoc bodies are kept apart from the command', () => {
	const run = parseDockerfile('FROM a\nRUN python3 <<EOF\nprint(1)\nEOF\nRUN true').instructions[1]!;
	assert.equal(run.text, 'python3 <<EOF');
	assert.deepEqual(run.heredocs, [{name: 'EOF', body: ['print(1)']}]);
});

test('image references', () => {
	assert.deepEqual(parseImageRef('ghcr.io/pytorch/pytorch:2.1.0@sha256:abc'), {registry: 'ghcr.io', repository: 'pytorch/pytorch', tag: '2.1.0', digest: 'sha256:abc'});
	assert.deepEqual(parseImageRef('localhost:5000/app'), {registry: 'localhost:5000', repository: 'app', tag: undefined, digest: undefined});
	assert.deepEqual(parseImageRef('ubuntu'), {registry: undefined, repository: 'ubuntu', tag: undefined, digest: undefined});
});

test('torch stacks, wheel indexes and suggestions', () => {
	assert.deepEqual(pytorchImage('pytorch/pytorch:1.10.0-cuda11.3-cudnn8-runtime'), {torch: '1.10.0', cuda: '11.3', cudnn: '8', flavor: 'runtime', repository: 'pytorch/pytorch'});
	assert.equal(pytorchImage('pytorch/pytorch:latest'), undefined);
	assert.equal(cudaFromTag('cu92'), '9.2');
	assert.equal(cudaFromTag('cu130'), '13.0');
	assert.deepEqual(parsePygIndexUrl('https://data.pyg.org/whl/torch-1.11.0+cu113.html'), {url: 'https://data.pyg.org/whl/torch-1.11.0+cu113.html', torch: '1.11.0', cuda: '11.3'});
	assert.equal(pygIndexUrlFor({torch: '1.10.0', cuda: '11.3'}), 'https://data.pyg.org/whl/torch-1.10.0+cu113.html');
	assert.equal(pygIndexUrlFor({torch: '1.11.0', cuda: '11.1'}), undefined);
	assert.equal(pytorchImageFor({torch: '1.11.0', cuda: '11.3'}, pytorchImage('pytorch/pytorch:1.10.0-cuda11.3-cudnn8-devel')), 'pytorch/pytorch:1.11.0-cuda11.3-cudnn8-devel');
	assert.equal(pytorchImageFor({torch: '1.11.0', cuda: '10.2'}, undefined), undefined);
});

test('pip install parsing', () => {
	const [install] = pipInstalls('apt-get update && pip3 install --no-cache-dir -f https://x/y.html torch-scatter==2.0.9 "torch==1.11.0+cu113" -e . --user');
	assert.deepEqual(install!.sources, ['https://x/y.html']);
	assert.deepEqual(install!.requirements.map(item => [item.name, item.version, item.localVersion]), [['torch-scatter', '2.0.9', undefined], ['torch', '1.11.0', 'cu113']]);
	assert.deepEqual(install!.editable, ['.']);
	assert.equal(install!.userInstall, true);
	assert.deepEqual(pipInstalls('echo pip install nothing'), []);
});
