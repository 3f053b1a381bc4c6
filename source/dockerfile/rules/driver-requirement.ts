import {imageGpuFacts} from '../image-gpu-facts.js';
import {driverRequirement} from '../knowledge/cuda-drivers.js';
import {type Rule} from './rule.js';

/**
 * driver-requirement: the NVIDIA driver the GPU node must have for the image's CUDA. Apptainer's
 * --nv checks nothing, so a node with an older driver fails only at the first CUDA call
 * (shared/validation-notes.md §2.7).
 */
export const driverRequirementRule: Rule = {
	id: 'driver-requirement',
	check({model}) {
		const facts = imageGpuFacts(model);
		const requirement = facts?.cuda ? driverRequirement(facts.cuda) : undefined;
		if (!facts || !requirement) {
			return [];
		}

		const minorCompatibility = requirement.family
			? ` (>= ${requirement.family} also works through CUDA minor-version compatibility, without JIT of newer PTX)`
			: '';
		return [{
			rule: 'driver-requirement',
			severity: 'info',
			line: facts.line ?? 1,
			message: `CUDA ${requirement.cuda} (${facts.origin}) needs an NVIDIA driver >= ${requirement.toolkit} on the GPU node${minorCompatibility}. Apptainer does not check it: an older driver fails at the first CUDA call with "CUDA driver version is insufficient for CUDA runtime version".`,
		}];
	},
};
