import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {imageGpuFacts} from '../../source/dockerfile/image-gpu-facts.js';
import {parseDockerfile} from '../../source/dockerfile/model.js';
import type {CoretypeLike} from '../../source/gpu/compatibility.js';
import {parseNvidiaSmi} from '../../source/gpu/nvidia-smi.js';
import {explainGpuFailure} from '../../source/gpu/runtime-failure.js';

const v100: CoretypeLike = {code: 'aquamarine', name: 'Aquamarine v3', processorInfo: 'NVIDIA Tesla V100'};
const a100: CoretypeLike = {code: 'a100', name: 'NVIDIA A100 40GB'};
const h100: CoretypeLike = {code: 'h100', name: 'NVIDIA H100 80GB'};
const seedFixed = imageGpuFacts(parseDockerfile('FROM pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime'));
const cuda128 = imageGpuFacts(parseDockerfile('FROM pytorch/pytorch:2.8.0-cuda12.8-cudnn9-runtime'));

describe('explaining a failed GPU run', () => {
	test('no kernel image: the build, the GPU from nvidia-smi, and the coretypes that fit', () => {
		const log = [
			'NVIDIA H100 80GB HBM3, 550.54.15, 9.0',
			'UserWarning: NVIDIA H100 80GB HBM3 with CUDA capability sm_90 is not compatible with the current PyTorch installation.',
			'RuntimeError: CUDA error: no kernel image is available for execution on the device',
		].join('\n');
		const failure = explainGpuFailure(log, seedFixed, h100, [v100, a100, h100]);
		assert.equal(failure?.kind, 'no-kernel-image');
		assert.match(failure!.message, /torch 1\.11 cu113 \(base image pytorch\/pytorch:1\.11\.0-cuda11\.3-cudnn8-runtime\) has no kernels for NVIDIA H100 80GB HBM3 \(sm_90\)/);
		assert.deepEqual(failure?.fits, ['aquamarine', 'a100']);
	});

	test('driver too old: what the image needs, what the node has, and the newest CUDA it runs', () => {
		const log = 'Tesla V100-SXM2-16GB, 470.82.01, 7.0\nRuntimeError: CUDA driver version is insufficient for CUDA runtime version';
		const failure = explainGpuFailure(log, cuda128, v100, [v100, a100, h100]);
		assert.equal(failure?.kind, 'driver-too-old');
		assert.match(failure!.message, /torch 2\.8 cu128 .* needs an NVIDIA driver >= 570\.26 \(>= 525\.60\.13 with minor-version compatibility\); Tesla V100-SXM2-16GB \(sm_70\) has driver 470\.82\.01, which fully supports CUDA up to 11\.4/);
		assert.deepEqual(failure?.fits, ['a100', 'h100']);
	});

	test('without nvidia-smi lines the coretype names the GPU; other failures are not explained', () => {
		const failure = explainGpuFailure('no kernel image is available for execution on the device', seedFixed, h100, [h100]);
		assert.match(failure!.message, /NVIDIA H100 80GB \(sm_90\)/);
		assert.match(failure!.message, /No listed coretype is known to fit/);
		assert.equal(explainGpuFailure('ModuleNotFoundError: No module named torch_sparse', seedFixed, h100, [v100]), undefined);
	});
});

describe('nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv,noheader', () => {
	test('one line per GPU, among other log lines', () => {
		const output = 'starting job\nTesla V100-SXM2-32GB, 535.104.05, 7.0\nTesla V100-SXM2-32GB, 535.104.05, 7.0\n';
		assert.deepEqual(parseNvidiaSmi(output), [
			{name: 'Tesla V100-SXM2-32GB', driver: '535.104.05', sm: 70},
			{name: 'Tesla V100-SXM2-32GB', driver: '535.104.05', sm: 70},
		]);
	});

	test('[N/A] capability falls back on the model name; an old driver\'s field error yields nothing', () => {
		assert.deepEqual(parseNvidiaSmi('NVIDIA A100-SXM4-80GB, 525.60.13, [N/A]'), [{name: 'NVIDIA A100-SXM4-80GB', driver: '525.60.13', sm: 80}]);
		assert.deepEqual(parseNvidiaSmi('Field "compute_cap" is not a valid field to query.'), []);
		assert.equal(parseNvidiaSmi('NVIDIA H100 PCIe, 550.54.15, 9.0')[0]?.sm, 90);
	});
});
