import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {imageGpuFacts} from '../../source/dockerfile/image-gpu-facts.js';
import {recognizeGpu} from '../../source/dockerfile/knowledge/gpu-architectures.js';
import {parseDockerfile} from '../../source/dockerfile/model.js';
import {gpuCompatibility, type CoretypeLike} from '../../source/gpu/compatibility.js';

const coretypes: Record<string, CoretypeLike> = {
	v100: {code: 'aquamarine', name: 'Aquamarine v3', processorInfo: 'Intel Xeon, 8 x NVIDIA Tesla V100'},
	a100: {code: 'a100-80', name: 'NVIDIA A100 80GB'},
	h100: {code: 'h100', name: 'Hopper', description: 'NVIDIA H100 80GB HBM3'},
	cpu: {code: 'emerald', name: 'Emerald', processorInfo: 'Intel Xeon E5-2670'},
};

function factsOf(...lines: string[]) {
	return imageGpuFacts(parseDockerfile(lines.join('\n')));
}

const seedFixed = factsOf('FROM pytorch/pytorch:1.11.0-cuda11.3-cudnn8-runtime', 'RUN pip install -f https://data.pyg.org/whl/torch-1.11.0+cu113.html -e .');
const torch28cu128 = factsOf('FROM pytorch/pytorch:2.8.0-cuda12.8-cudnn9-runtime');

describe('the image against the coretype\'s GPU', () => {
	test('the seed\'s fixed image: V100 ok, A100 ok, H100 incompatible', () => {
		assert.equal(gpuCompatibility(seedFixed, coretypes.v100!).verdict, 'ok');
		assert.equal(gpuCompatibility(seedFixed, coretypes.a100!).verdict, 'ok');
		const h100 = gpuCompatibility(seedFixed, coretypes.h100!);
		assert.equal(h100.verdict, 'incompatible');
		assert.equal(h100.reason, 'torch 1.11 cu113 has no kernels for H100 (sm_90)');
	});

	test('torch 2.8 cu128: V100 incompatible, H100 ok', () => {
		assert.deepEqual(gpuCompatibility(torch28cu128, coretypes.v100!).verdict, 'incompatible');
		assert.match(gpuCompatibility(torch28cu128, coretypes.v100!).reason, /torch 2\.8 cu128 has no kernels for V100 \(sm_70\)/);
		assert.equal(gpuCompatibility(torch28cu128, coretypes.h100!).verdict, 'ok');
	});

	test('same-major cubins run on a newer minor (sm_86 code on an sm_89 L4), PTX on anything newer', () => {
		assert.equal(gpuCompatibility(seedFixed, {code: 'l4', name: 'NVIDIA L4'}).verdict, 'ok');
		const withPtx = {...seedFixed!, archList: ['sm_80', 'compute_80']};
		assert.equal(gpuCompatibility(withPtx, coretypes.h100!).verdict, 'ok');
		assert.equal(gpuCompatibility({...withPtx, archList: ['sm_80']}, coretypes.h100!).verdict, 'incompatible');
	});

	test('a build log\'s arch list wins over the table', () => {
		assert.equal(gpuCompatibility({...seedFixed!, archList: ['sm_70', 'sm_90']}, coretypes.h100!).verdict, 'ok');
	});

	test('a known node driver older than the CUDA floor is incompatible', () => {
		const verdict = gpuCompatibility(torch28cu128, coretypes.h100!, '470.82.01');
		assert.equal(verdict.verdict, 'incompatible');
		assert.match(verdict.reason, /CUDA 12\.8 needs an NVIDIA driver >= 525\.60\.13; this H100 node has 470\.82\.01/);
		assert.equal(gpuCompatibility(torch28cu128, coretypes.h100!, '535.104.05').verdict, 'ok');
	});

	test('unknown when the coretype names no GPU or the image\'s build is unknown; a CPU torch cannot use a GPU', () => {
		assert.equal(gpuCompatibility(seedFixed, coretypes.cpu!).verdict, 'unknown');
		assert.equal(gpuCompatibility(factsOf('FROM python:3.11-slim'), coretypes.v100!).verdict, 'unknown');
		assert.equal(gpuCompatibility(factsOf('FROM pytorch/pytorch:1.7.1-cuda11.0-cudnn8-runtime'), coretypes.v100!).verdict, 'unknown');
		const cpu = factsOf('FROM python:3.11-slim', 'RUN pip install torch==2.1.0 --index-url https://download.pytorch.org/whl/cpu');
		assert.equal(gpuCompatibility(cpu, coretypes.v100!).verdict, 'incompatible');
	});
});

describe('recognizing the GPU in coretype text', () => {
	test('whole model names only', () => {
		assert.equal(recognizeGpu('Tesla V100-SXM2-16GB')?.sm, 70);
		assert.equal(recognizeGpu('NVIDIA H100 80GB HBM3')?.model, 'H100');
		assert.equal(recognizeGpu('NVIDIA A100-SXM4-40GB')?.sm, 80);
		assert.equal(recognizeGpu('NVIDIA A10G')?.sm, 86);
		assert.equal(recognizeGpu('NVIDIA L40S')?.model, 'L40S');
		assert.equal(recognizeGpu('Aquamarine v3')?.model, undefined);
		assert.equal(recognizeGpu('Intel Xeon Platinum 8275CL'), undefined);
	});
});
