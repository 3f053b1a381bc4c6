import {parseImageRef, imageName} from '../image-ref.js';
import {pipInstalls} from '../pip-installs.js';
import {parsePygIndexUrl} from '../torch-stack.js';
import {effectiveInstructions, rootImage, shellScript} from '../instructions.js';
import {type Rule} from './rule.js';

/**
 * NGC images ship a pre-release torch (`2.x.0a0+...`) built with the C++11 ABI, so extension
 * wheels built against PyPI torch may fail to load. Their torch version is not tied to a PyG
 * index page here (no verified table of NGC releases), so this is a warning, not a mismatch.
 */
export const ngcPrebuiltExtRule: Rule = {
	id: 'ngc-prebuilt-ext',
	check({stages}) {
		return stages.filter(stage => imageName(parseImageRef(rootImage(stage))) === 'nvcr.io/nvidia/pytorch').flatMap(stage =>
			effectiveInstructions(stage)
				.filter(instruction => instruction.keyword === 'RUN'
					&& pipInstalls(shellScript(instruction)).some(install => install.sources.some(source => parsePygIndexUrl(source))))
				.map(instruction => ({
					rule: 'ngc-prebuilt-ext',
					severity: 'warning' as const,
					line: instruction.line,
					message: `${rootImage(stage)} ships NVIDIA's own torch build (a pre-release version built with another C++ ABI); PyG wheels built against PyPI torch may fail to load in it ('undefined symbol').`,
					fix: 'Use a pytorch/pytorch base whose torch and CUDA match the wheel index, or build the extensions from source in a -devel image.',
				})));
	},
};
