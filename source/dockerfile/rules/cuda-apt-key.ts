import {minorVersion, pytorchImage} from '../torch-stack.js';
import {effectiveInstructions, rootImage, shellScript} from '../instructions.js';
import {type Rule} from './rule.js';

/** pytorch/pytorch devel images up to torch 1.11 ship NVIDIA apt sources signed with the key NVIDIA rotated in April 2022. */
function hasRotatedKey(image: string): boolean {
	const pytorch = pytorchImage(image);
	if (!pytorch || pytorch.flavor !== 'devel') {
		return false;
	}

	const [major = 0, minor = 0] = minorVersion(pytorch.torch).split('.').map(Number);
	return major < 1 || (major === 1 && minor <= 11);
}

export const cudaAptKeyRule: Rule = {
	id: 'cuda-apt-key',
	check({stages}) {
		return stages.filter(stage => hasRotatedKey(rootImage(stage))).flatMap(stage => {
			const runs = effectiveInstructions(stage).filter(instruction => instruction.keyword === 'RUN');
			const firstUpdate = runs.findIndex(instruction => /apt(?:-get)?\s+update/.test(shellScript(instruction)));
			const handled = runs.slice(0, firstUpdate + 1).some(instruction => /cuda\.list|cuda-keyring|apt-key\s+adv|A4B469963BF863CC/.test(shellScript(instruction)));
			if (firstUpdate === -1 || handled) {
				return [];
			}

			return [{
				rule: 'cuda-apt-key',
				severity: 'warning' as const,
				line: runs[firstUpdate]!.line,
				message: `apt-get update will fail with NO_PUBKEY A4B469963BF863CC: ${rootImage(stage)} predates NVIDIA's April 2022 repository key rotation.`,
				fix: 'Run `rm -f /etc/apt/sources.list.d/cuda.list /etc/apt/sources.list.d/nvidia-ml.list` before apt-get update (as gauge-equivariant-mesh-cnn does), or use a -runtime or newer base.',
			}];
		});
	},
};
