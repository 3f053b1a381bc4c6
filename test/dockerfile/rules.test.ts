import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {Finding} from '../../source/dockerfile/finding.js';
import {parseDockerfile} from '../../source/dockerfile/model.js';
import {rules, validateDockerfile} from '../../source/dockerfile/validate.js';

function findings(lines: string[]): Finding[] {
	return validateDockerfile(parseDockerfile(lines.join('\n')));
}

function only(rule: string, lines: string[]): Finding[] {
	return findings(lines).filter(finding => finding.rule === rule);
}

const seedBroken = [
	'FROM pytorch/pytorch:1.10.0-cuda11.3-cudnn8-runtime',
	'RUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake',
	'ADD . /workspace',
	'RUN pip install -f https://data.pyg.org/whl/torch-1.11.0+cu113.html -e .',
];

describe('torch-wheel-mismatch', () => {
	test('PyG wheels for torch 1.11 on a torch 1.10 image: error naming both, with both fixes and an edit', () => {
		const [finding] = only('torch-wheel-mismatch', seedBroken);
		assert.equal(finding?.severity, 'error');
		assert.equal(finding?.line, 4);
		assert.match(finding!.message, /torch 1\.10.*torch 1\.11.*sparse_csr_tensor/s);
		assert.match(finding!.fix!, /pytorch\/pytorch:1\.11\.0-cuda11\.3-cudnn8-runtime/);
		assert.match(finding!.fix!, /https:\/\/data\.pyg\.org\/whl\/torch-1\.10\.0\+cu113\.html/);
		assert.deepEqual(finding?.edit, {line: 1, find: 'pytorch/pytorch:1.10.0-cuda11.3-cudnn8-runtime', replace: 'pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime'});
	});

	test('matching image and index: nothing to report', () => {
		assert.deepEqual(only('torch-wheel-mismatch', ['FROM pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime', 'RUN pip install torch-scatter -f https://data.pyg.org/whl/torch-1.11.0+cu113.html']), []);
	});

	test('a patch release of the same minor matches', () => {
		assert.deepEqual(only('torch-wheel-mismatch', ['FROM pytorch/pytorch:1.10.0-cuda11.3-cudnn8-runtime', 'RUN pip install torch-scatter -f https://data.pyg.org/whl/torch-1.10.2+cu113.html']), []);
	});

	test('CUDA major differs: error; only the minor: warning; CPU wheels on a CUDA image: warning', () => {
		assert.equal(only('torch-wheel-mismatch', ['FROM pytorch/pytorch:1.11.0-cuda11.3-cudnn8-devel', 'RUN pip install torch-sparse -f https://data.pyg.org/whl/torch-1.11.0+cu102.html'])[0]?.severity, 'error');
		assert.equal(only('torch-wheel-mismatch', ['FROM pytorch/pytorch:1.10.0-cuda11.3-cudnn8-devel', 'RUN pip install torch-sparse -f https://data.pyg.org/whl/torch-1.10.0+cu111.html'])[0]?.severity, 'warning');
		assert.equal(only('torch-wheel-mismatch', ['FROM pytorch/pytorch:1.10.0-cuda11.3-cudnn8-devel', 'RUN pip install torch-sparse -f https://data.pyg.org/whl/torch-1.10.0+cpu.html'])[0]?.severity, 'warning');
	});

	test('torchvision from a download.pytorch.org index for another CUDA', () => {
		const [finding] = only('torch-wheel-mismatch', ['FROM pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime', 'RUN pip install torchvision==0.12.0 --extra-index-url https://download.pytorch.org/whl/cu102']);
		assert.equal(finding?.severity, 'error');
		assert.match(finding!.fix!, /whl\/cu113/);
	});

	test('a torch pinned in the Dockerfile becomes the reference for later wheels', () => {
		const lines = ['FROM python:3.10-slim', 'RUN pip install torch==2.1.0 --index-url https://download.pytorch.org/whl/cu121', 'RUN pip install torch-scatter -f https://data.pyg.org/whl/torch-2.0.0+cu118.html'];
		const [finding] = only('torch-wheel-mismatch', lines);
		assert.match(finding!.message, /torch 2\.1\.0.*torch 2\.0 index/s);
		assert.match(finding!.fix!, /torch-2\.1\.0\+cu121\.html/);
	});

	test('python -m pip and quoted URLs are recognised', () => {
		assert.equal(only('torch-wheel-mismatch', ['FROM pytorch/pytorch:1.10.0-cuda11.3-cudnn8-runtime', 'RUN python3 -m pip install "torch-scatter" --find-links="https://data.pyg.org/whl/torch-1.11.0+cu113.html"']).length, 1);
	});
});

describe('torch-reinstall and pyg-index-unknown', () => {
	test('replacing the image torch is a warning', () => {
		const [finding] = only('torch-reinstall', ['FROM pytorch/pytorch:1.10.0-cuda11.3-cudnn8-runtime', 'RUN pip install torch==1.11.0']);
		assert.equal(finding?.severity, 'warning');
		assert.match(finding!.message, /1\.10.*1\.11\.0/s);
	});

	test('an index page that does not exist is an error', () => {
		const [finding] = only('pyg-index-unknown', ['FROM pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime', 'RUN pip install torch-scatter -f https://data.pyg.org/whl/torch-1.11.0+cu117.html']);
		assert.equal(finding?.severity, 'error');
		assert.match(finding!.fix!, /torch-1\.11\.0\+cu113\.html/);
	});
});

describe('the other rules', () => {
	const cases: Array<{rule: string; severity: Finding['severity']; line: number; bad: string[]; good: string[]}> = [
		{rule: 'no-from', severity: 'error', line: 1, bad: ['RUN echo hi'], good: ['ARG V=1', 'FROM alpine:3.19']},
		{rule: 'no-from', severity: 'error', line: 1, bad: ['ENV A=1', 'FROM alpine:3.19'], good: ['FROM alpine:3.19', 'ENV A=1']},
		{rule: 'syntax', severity: 'error', line: 2, bad: ['FROM alpine:3.19', 'RUNN echo'], good: ['FROM alpine:3.19', 'RUN echo']},
		{rule: 'base-unpinned', severity: 'warning', line: 1, bad: ['FROM ubuntu:latest'], good: ['FROM ubuntu:22.04']},
		{rule: 'base-unpinned', severity: 'warning', line: 2, bad: ['ARG BASE=ubuntu', 'FROM $BASE'], good: ['FROM ubuntu@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']},
		{rule: 'apt-noninteractive', severity: 'warning', line: 2, bad: ['FROM ubuntu:20.04', 'RUN apt-get install curl'], good: ['FROM ubuntu:20.04', 'RUN apt-get install -y --no-install-recommends curl']},
		{rule: 'apt-noninteractive', severity: 'warning', line: 2, bad: ['FROM ubuntu:20.04', 'RUN apt-get install -y tzdata'], good: ['FROM ubuntu:20.04', 'ARG DEBIAN_FRONTEND=noninteractive', 'RUN apt-get install -y tzdata']},
		{rule: 'apt-noninteractive', severity: 'warning', line: 2, bad: ['FROM ubuntu:20.04', 'RUN apt-get install -qy tzdata'], good: ['FROM ubuntu:20.04', 'RUN DEBIAN_FRONTEND=noninteractive apt-get install -qy tzdata']},
		{rule: 'workdir-ignored', severity: 'warning', line: 2, bad: ['FROM node:20', 'WORKDIR /app'], good: ['FROM node:20']},
		{rule: 'user-ignored', severity: 'warning', line: 2, bad: ['FROM node:20', 'USER node'], good: ['FROM node:20', 'USER root']},
		{rule: 'no-effect', severity: 'info', line: 2, bad: ['FROM redis:7', 'EXPOSE 6379'], good: ['FROM redis:7']},
		{rule: 'no-effect', severity: 'info', line: 2, bad: ['FROM redis:7', 'ENV NVIDIA_VISIBLE_DEVICES=all'], good: ['FROM redis:7', 'ENV CUDA_VISIBLE_DEVICES=0']},
		{rule: 'copy-chown', severity: 'info', line: 2, bad: ['FROM alpine:3', 'COPY --chown=1:1 a /a'], good: ['FROM alpine:3', 'COPY --chmod=644 a /a']},
		{rule: 'buildkit-only', severity: 'error', line: 2, bad: ['FROM alpine:3', 'RUN --mount=type=secret,id=npm npm ci'], good: ['FROM alpine:3', 'RUN npm ci']},
		{rule: 'buildkit-only', severity: 'warning', line: 2, bad: ['FROM alpine:3', 'RUN --mount=target=/src make'], good: ['FROM alpine:3', 'RUN make']},
		{rule: 'buildkit-only', severity: 'warning', line: 2, bad: ['FROM alpine:3', 'COPY --link a /a'], good: ['FROM alpine:3', 'COPY a /a']},
		{rule: 'secret-in-image', severity: 'warning', line: 2, bad: ['FROM python:3.10', 'ENV GITHUB_TOKEN=abc123'], good: ['FROM python:3.10', 'ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D']},
		{rule: 'secret-in-image', severity: 'warning', line: 2, bad: ['FROM python:3.10', 'ENV SOME_SETTING=ghp_abcdefghijklmnopqrstuvwxyz0123456789'], good: ['FROM python:3.10', 'ARG API_TOKEN']},
		{rule: 'add-remote', severity: 'warning', line: 2, bad: ['FROM alpine:3', 'ADD https://example.com/a.bin /a.bin'], good: ['FROM alpine:3', 'ADD a.bin /a.bin']},
		{rule: 'conda-activate', severity: 'warning', line: 2, bad: ['FROM continuumio/miniconda3:24.1.2-0', 'RUN conda activate env && python x.py'], good: ['FROM continuumio/miniconda3:24.1.2-0', 'RUN conda run -n env python x.py']},
		{rule: 'def-workaround', severity: 'warning', line: 3, bad: ['FROM alpine', 'RUN mkdir /opt/app', 'COPY run.sh /opt/app/'], good: ['FROM alpine', 'COPY run.sh /opt/app/']},
		{rule: 'windows-image', severity: 'error', line: 1, bad: ['FROM mcr.microsoft.com/windows/servercore:ltsc2022'], good: ['FROM ubuntu:22.04']},
		{rule: 'sudo', severity: 'warning', line: 2, bad: ['FROM ubuntu:22.04', 'RUN sudo apt-get update'], good: ['FROM ubuntu:22.04', 'RUN apt-get update']},
		{rule: 'add-archive', severity: 'info', line: 2, bad: ['FROM ubuntu:22.04', 'ADD vendor.tar.gz /opt/'], good: ['FROM ubuntu:22.04', 'COPY vendor.tar.gz /opt/']},
		{rule: 'platform', severity: 'warning', line: 1, bad: ['FROM --platform=linux/arm64 ubuntu:22.04'], good: ['FROM ubuntu:22.04']},
		{rule: 'entrypoint-cmd', severity: 'warning', line: 2, bad: ['FROM ubuntu:22.04', 'CMD ["a"]', 'CMD ["b"]'], good: ['FROM ubuntu:22.04', 'CMD ["b"]']},
		{rule: 'bind-shadowed-path', severity: 'info', line: 2, bad: ['FROM ubuntu:22.04', 'COPY app /home/app/'], good: ['FROM ubuntu:22.04', 'COPY app /opt/app/']},
		{rule: 'home-install', severity: 'warning', line: 2, bad: ['FROM python:3.11', 'RUN pip install --user numpy'], good: ['FROM python:3.11', 'RUN pip install numpy']},
		{rule: 'editable-install', severity: 'info', line: 2, bad: ['FROM python:3.11', 'RUN pip install -e .'], good: ['FROM python:3.11', 'RUN pip install .']},
		{rule: 'ngc-prebuilt-ext', severity: 'warning', line: 2, bad: ['FROM nvcr.io/nvidia/pytorch:23.10-py3', 'RUN pip install torch-scatter -f https://data.pyg.org/whl/torch-2.1.0+cu121.html'], good: ['FROM nvcr.io/nvidia/pytorch:23.10-py3', 'RUN pip install torch-geometric']},
		{rule: 'cuda-apt-key', severity: 'warning', line: 2, bad: ['FROM pytorch/pytorch:1.10.0-cuda11.3-cudnn8-devel', 'RUN apt-get update'], good: ['FROM pytorch/pytorch:1.10.0-cuda11.3-cudnn8-devel', 'RUN rm -f /etc/apt/sources.list.d/cuda.list && apt-get update']},
	];

	for (const {rule, severity, line, bad, good} of cases) {
		test(`${rule}: ${bad.at(-1)!} is reported, ${good.at(-1)!} is not`, () => {
			const reported = only(rule, bad);
			assert.ok(reported.some(finding => finding.severity === severity && finding.line === line), `${rule} at line ${line}: ${JSON.stringify(reported)}`);
			assert.deepEqual(only(rule, good).filter(finding => finding.severity !== 'info' || severity === 'info'), []);
		});
	}

	test('every rule has a test here', () => {
		const testedInGpuRules = ['driver-requirement', 'gpu-arch-support'];
		const tested = new Set([...cases.map(item => item.rule), 'torch-wheel-mismatch', ...testedInGpuRules]);
		for (const rule of rules) {
			assert.ok(tested.has(rule.id), `${rule.id} has no case`);
		}
	});

	test('secrets are never repeated in findings', () => {
		const secret = 'hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345';
		const text = JSON.stringify(findings(['FROM python:3.10', `ARG HF_TOKEN=${secret}`]));
		assert.ok(!text.includes(secret));
		assert.ok(!text.includes(secret.slice(3, 12)));
	});

	test('the seed\'s fixed Dockerfile has no errors', () => {
		const fixed = findings(['FROM pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime', ...seedBroken.slice(1)]);
		assert.deepEqual(fixed.filter(finding => finding.severity === 'error'), []);
	});

	test('buildkit-only names a mount without type= a bind mount, never a cache mount', () => {
		const [bind] = findings(['FROM alpine:3', 'RUN --mount=from=build,source=/wheels,target=/w pip install /w/x.whl']).filter(finding => finding.rule === 'buildkit-only');
		assert.match(bind!.message, /bind mount/);
		assert.doesNotMatch(bind!.message, /cache/);
	});
});
