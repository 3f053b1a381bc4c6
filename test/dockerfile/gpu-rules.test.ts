import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {Finding} from '../../source/dockerfile/finding.js';
import {parseDockerfile} from '../../source/dockerfile/model.js';
import {validateDockerfile} from '../../source/dockerfile/validate.js';

function only(rule: string, lines: string[]): Finding[] {
	return validateDockerfile(parseDockerfile(lines.join('\n'))).filter(finding => finding.rule === rule);
}

describe('driver-requirement', () => {
	test('a pytorch image: the toolkit driver and the minor-compatibility floor, at the FROM line', () => {
		const [finding] = only('driver-requirement', ['FROM pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime', 'RUN pip install tqdm']);
		assert.equal(finding?.severity, 'info');
		assert.equal(finding?.line, 1);
		assert.match(finding!.message, /CUDA 11\.3 .*>= 465\.19\.01.*>= 450\.80\.02/s);
	});

	test('an nvidia/cuda base and a torch pinned from a CUDA wheel index', () => {
		assert.match(only('driver-requirement', ['FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04'])[0]!.message, />= 570\.26/);
		const [pinned] = only('driver-requirement', ['FROM python:3.11-slim', 'RUN pip install torch==2.1.0 --index-url https://download.pytorch.org/whl/cu121']);
		assert.equal(pinned?.line, 2);
		assert.match(pinned!.message, /CUDA 12\.1 .*>= 530\.30\.02/s);
	});

	test('no CUDA in sight: nothing to say', () => {
		assert.deepEqual(only('driver-requirement', ['FROM python:3.11-slim', 'RUN pip install numpy']), []);
		assert.deepEqual(only('driver-requirement', ['FROM python:3.11-slim', 'RUN pip install torch==2.1.0 --index-url https://download.pytorch.org/whl/cpu']), []);
	});
});

describe('gpu-arch-support', () => {
	test('the seed\'s fixed image has kernels up to Ada, none for Hopper', () => {
		const [finding] = only('gpu-arch-support', ['FROM pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime']);
		assert.equal(finding?.severity, 'info');
		const [usable, unusable] = finding!.message.split('; not for ');
		assert.match(usable!, /torch 1\.11 cu113 .*V100 \(sm_70\).*A100 \(sm_80\)/s);
		assert.match(unusable!, /H100\/H200 \(sm_90\)/);
		assert.doesNotMatch(usable!, /H100/);
		assert.equal(finding?.fix, undefined);
	});

	test('torch 2.8 cu128 drops Volta; the fix names the cuda12.6 variant that keeps it', () => {
		const [finding] = only('gpu-arch-support', ['FROM pytorch/pytorch:2.8.0-cuda12.8-cudnn9-runtime']);
		assert.match(finding!.message.split('; not for ')[1]!, /V100 \(sm_70\)/);
		assert.match(finding!.fix!, /pytorch\/pytorch:2\.8\.0-cuda12\.6-cudnn9-runtime has kernels for P100, V100/);
	});

	test('a CUDA base without torch, or a torch the tables do not know: nothing to say', () => {
		assert.deepEqual(only('gpu-arch-support', ['FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04']), []);
		assert.deepEqual(only('gpu-arch-support', ['FROM pytorch/pytorch:1.7.1-cuda11.0-cudnn8-runtime']), []);
	});
});
