import type {ImageGpuFacts} from '../dockerfile/image-gpu-facts.js';
import {compareDriverVersions, driverRequirement} from '../dockerfile/knowledge/cuda-drivers.js';
import {gpuArchitectures, recognizeGpu, smName, type GpuArchitectureRow, type RecognizedGpu} from '../dockerfile/knowledge/gpu-architectures.js';
import {torchArchList} from '../dockerfile/knowledge/torch-arch-lists.js';
import {cudaTag, minorVersion} from '../dockerfile/torch-stack.js';

/** The parts of a Rescale coretype that can name its GPU. */
export type CoretypeLike = {code: string; name: string; description?: string; processorInfo?: string};

export type GpuVerdict = {
	verdict: 'ok' | 'incompatible' | 'unknown';
	reason: string;
	gpu: RecognizedGpu | undefined;
};

/**
 * Whether the image's torch build can run CUDA kernels on the coretype's GPU, and why; `driver`
 * is the node's NVIDIA driver when a run has reported it (nvidia-smi).
 */
export function gpuCompatibility(facts: ImageGpuFacts | undefined, coretype: CoretypeLike, driver?: string): GpuVerdict {
	const gpu = recognizeGpu([coretype.name, coretype.description, coretype.processorInfo].filter(Boolean).join(' '));
	if (!gpu) {
		return {verdict: 'unknown', reason: `no GPU model recognised in ${coretype.name}`, gpu};
	}

	const gpuLabel = `${gpu.model} (${smName(gpu.sm)})`;
	if (!facts?.cuda) {
		return {verdict: 'unknown', reason: `the image's CUDA build is not known, so its fit with the ${gpuLabel} is not either`, gpu};
	}

	if (facts.cuda === 'cpu') {
		return {verdict: 'incompatible', reason: `${buildLabel(facts)} is a CPU-only build: it cannot use the ${gpu.model}`, gpu};
	}

	const requirement = driverRequirement(facts.cuda);
	const floor = requirement?.family ?? requirement?.toolkit;
	if (driver && floor && compareDriverVersions(driver, floor) < 0) {
		return {verdict: 'incompatible', reason: `CUDA ${facts.cuda} needs an NVIDIA driver >= ${floor}; this ${gpu.model} node has ${driver}`, gpu};
	}

	const sms = compiledArchitectures(facts);
	if (!sms) {
		return {verdict: 'unknown', reason: `the GPU architectures in ${buildLabel(facts)} are not in the tables`, gpu};
	}

	return runsOn(sms, gpu.sm)
		? {verdict: 'ok', reason: `${buildLabel(facts)} has kernels for ${gpuLabel}`, gpu}
		: {verdict: 'incompatible', reason: `${buildLabel(facts)} has no kernels for ${gpuLabel}`, gpu};
}

/** The GPU generations of the architecture table that the image can and cannot use. */
export function gpuSupport(facts: ImageGpuFacts): {usable: GpuArchitectureRow[]; unusable: GpuArchitectureRow[]} | undefined {
	const sms = facts.cuda && facts.cuda !== 'cpu' ? compiledArchitectures(facts) : undefined;
	if (!sms) {
		return undefined;
	}

	return {
		usable: gpuArchitectures.filter(row => runsOn(sms, row.sm)),
		unusable: gpuArchitectures.filter(row => !runsOn(sms, row.sm)),
	};
}

/** "torch 1.11 cu113", or "the CUDA 11.3 image" when the image has no known torch. */
export function buildLabel(facts: ImageGpuFacts): string {
	if (!facts.torch) {
		return `the CUDA ${facts.cuda ?? '?'} image`;
	}

	return `torch ${minorVersion(facts.torch)}${facts.cuda ? ` ${cudaTag(facts.cuda)}` : ''}`;
}

/** Compiled code as `sm_XY` (cubin) and `compute_XY` (PTX) entries: from the build log, else the table. */
function compiledArchitectures(facts: ImageGpuFacts): string[] | undefined {
	if (facts.archList) {
		return facts.archList;
	}

	return facts.torch && facts.cuda ? torchArchList(facts.torch, facts.cuda)?.sms.map(sm => smName(sm)) : undefined;
}

/**
 * A cubin built for sm_XY runs on GPUs of the same major version and a minor at least Y (sm_80
 * code runs on an sm_86 A10, not on an sm_90 H100); PTX (`compute_XY`) is JIT-compiled for any
 * newer GPU. Source: NVIDIA CUDA C++ Programming Guide, "Binary Compatibility" and "PTX Compatibility".
 */
function runsOn(architectures: string[], gpuSm: number): boolean {
	return architectures.some(architecture => {
		const match = /^(sm|compute)_(\d+)[a-z]?$/.exec(architecture);
		if (!match) {
			return false;
		}

		const sm = Number(match[2]);
		return match[1] === 'compute' ? sm <= gpuSm : Math.floor(sm / 10) === Math.floor(gpuSm / 10) && sm <= gpuSm;
	});
}
