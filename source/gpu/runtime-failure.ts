import type {ImageGpuFacts} from '../dockerfile/image-gpu-facts.js';
import {driverRequirement, newestCudaFor} from '../dockerfile/knowledge/cuda-drivers.js';
import {recognizeGpu, smName} from '../dockerfile/knowledge/gpu-architectures.js';
import {buildLabel, gpuCompatibility, type CoretypeLike} from './compatibility.js';
import {parseNvidiaSmi} from './nvidia-smi.js';

export type GpuFailure = {
	kind: 'driver-too-old' | 'no-kernel-image';
	message: string;
	/** Codes of the coretypes whose GPU this image can use. */
	fits: string[];
};

/**
 * The messages CUDA and torch print for each failure. Sources: shared/validation-notes.md §2.7
 * (NVIDIA/hpc-container-maker#239) and §2.8 (pytorch/pytorch#90761), and torch's own
 * `_check_driver` / `_check_capability` texts.
 */
const driverSignatures = [/CUDA driver version is insufficient for CUDA runtime version/i, /NVIDIA driver on your system is too old/i];
const kernelSignatures = [/no kernel image is available for execution on the device/i, /is not compatible with the current PyTorch installation/i];

/**
 * Explains a failed run whose log shows one of the two GPU failures an image can have on a node,
 * with the image's facts, the node's GPU (nvidia-smi lines in the log, else the coretype) and the
 * coretypes that would work. Undefined when the log shows neither.
 */
export function explainGpuFailure(
	log: string,
	facts: ImageGpuFacts | undefined,
	coretype: CoretypeLike | undefined,
	coretypes: CoretypeLike[],
): GpuFailure | undefined {
	const kind = driverSignatures.some(signature => signature.test(log))
		? 'driver-too-old'
		: kernelSignatures.some(signature => signature.test(log)) ? 'no-kernel-image' : undefined;
	if (!kind) {
		return undefined;
	}

	const node = parseNvidiaSmi(log)[0];
	const gpuSm = node?.sm ?? (coretype && recognizeGpu([coretype.name, coretype.description, coretype.processorInfo].join(' '))?.sm);
	const gpu = [node?.name ?? coretype?.name, gpuSm === undefined ? undefined : `(${smName(gpuSm)})`].filter(Boolean).join(' ') || 'this GPU';
	const fits = coretypes
		.filter(candidate => candidate.code !== coretype?.code && gpuCompatibility(facts, candidate).verdict === 'ok')
		.map(candidate => candidate.code);
	const image = facts ? `${buildLabel(facts)} (${facts.origin})` : 'the image';
	const fitting = fits.length > 0 ? `Coretypes whose GPU this image can use: ${fits.join(', ')}.` : 'No listed coretype is known to fit this image.';
	if (kind === 'no-kernel-image') {
		return {kind, fits, message: `${image} has no kernels for ${gpu}: torch loads, but its first CUDA kernel fails. ${fitting}`};
	}

	const requirement = facts?.cuda ? driverRequirement(facts.cuda) : undefined;
	const needs = requirement
		? `needs an NVIDIA driver >= ${requirement.toolkit}${requirement.family ? ` (>= ${requirement.family} with minor-version compatibility)` : ''}`
		: 'needs a newer NVIDIA driver';
	const runsUpTo = node ? newestCudaFor(node.driver) : undefined;
	const has = node ? `; ${gpu} has driver ${node.driver}${runsUpTo ? `, which fully supports CUDA up to ${runsUpTo}` : ''}` : '';
	return {kind, fits, message: `${image} ${needs}${has}. The driver comes with the node: use an image built for an older CUDA, or another coretype. ${fitting}`};
}
