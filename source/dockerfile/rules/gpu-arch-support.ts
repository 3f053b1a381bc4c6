import {buildLabel, gpuSupport} from '../../gpu/compatibility.js';
import {imageGpuFacts, type ImageGpuFacts} from '../image-gpu-facts.js';
import {smName, type GpuArchitectureRow} from '../knowledge/gpu-architectures.js';
import {pytorchImages} from '../knowledge/pytorch-images.js';
import {rootImage} from '../instructions.js';
import type {ResolvedStage} from '../stages.js';
import {pytorchImage} from '../torch-stack.js';
import {type Rule} from './rule.js';

/**
 * gpu-arch-support: which GPU generations the image's torch build has kernels for, so that the
 * coretype is chosen before paying for one it cannot use (shared/validation-notes.md §2.8).
 */
export const gpuArchSupportRule: Rule = {
	id: 'gpu-arch-support',
	check({model, stages}) {
		const facts = imageGpuFacts(model);
		const support = facts && gpuSupport(facts);
		if (!facts || !support) {
			return [];
		}

		const unusable = support.unusable.length > 0
			? `; not for ${support.unusable.map(row => describe(row)).join(', ')}, where CUDA fails with "no kernel image is available for execution on the device"`
			: '';
		const alternatives = otherVariants(facts, support.unusable, stages);
		return [{
			rule: 'gpu-arch-support',
			severity: 'info',
			line: facts.line ?? 1,
			message: `${buildLabel(facts)} (${facts.origin}) has kernels for ${support.usable.map(row => describe(row)).join(', ') || 'none of the GPUs in the table'}${unusable}.`,
			...(alternatives.length > 0 ? {fix: `${alternatives.join('; ')}.`} : {}),
		}];
	},
};

function describe(row: GpuArchitectureRow): string {
	return `${row.models.join('/')} (${smName(row.sm)})`;
}

/**
 * Other published CUDA variants of the base image's torch that add GPUs this build lacks: torch
 * 2.8's cuda12.6 image keeps the V100 kernels its cuda12.8 image dropped.
 */
function otherVariants(facts: ImageGpuFacts, unusable: GpuArchitectureRow[], stages: ResolvedStage[]): string[] {
	const final = stages.at(-1);
	const image = final ? pytorchImage(rootImage(final)) : undefined;
	if (!image || image.torch !== facts.torch || image.cuda !== facts.cuda) {
		return [];
	}

	return pytorchImages
		.filter(row => row.torch.includes(image.torch))
		.flatMap(row => row.variants)
		.flatMap(variant => {
			const usable = gpuSupport({...facts, cuda: variant.cuda, archList: undefined})?.usable ?? [];
			const gained = unusable.filter(row => usable.includes(row));
			return gained.length > 0 ? [`${image.repository}:${image.torch}-cuda${variant.cuda}-cudnn${variant.cudnn}-${image.flavor} has kernels for ${gained.map(row => row.models.join('/')).join(', ')}`] : [];
		});
}
