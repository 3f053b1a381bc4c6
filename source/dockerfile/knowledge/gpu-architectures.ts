/**
 * NVIDIA data-centre GPUs Rescale-like clouds offer, and the compute capability (SM architecture)
 * each one has: a torch build runs CUDA kernels on a GPU only if it carries code for that SM.
 * Source: NVIDIA "CUDA GPUs - Compute Capability" (developer.nvidia.com/cuda-gpus); the list is the
 * one issue 13 asks for, and shared/validation-notes.md §2.8 names V100 = sm_70 (Rescale's
 * "Aquamarine v3"). Checked 2026-11.
 */
export type GpuArchitectureRow = {
	/** Model names as they appear in coretype names, descriptions and `nvidia-smi` output. */
	models: string[];
	/** Compute capability times ten: 70 for 7.0 (`sm_70`). */
	sm: number;
	generation: string;
};

export const gpuArchitectures: GpuArchitectureRow[] = [
	{models: ['K80'], sm: 37, generation: 'Kepler'},
	{models: ['P100'], sm: 60, generation: 'Pascal'},
	{models: ['V100'], sm: 70, generation: 'Volta'},
	{models: ['T4'], sm: 75, generation: 'Turing'},
	{models: ['A100'], sm: 80, generation: 'Ampere'},
	{models: ['A10', 'A10G', 'A40'], sm: 86, generation: 'Ampere'},
	{models: ['L4', 'L40S'], sm: 89, generation: 'Ada Lovelace'},
	{models: ['H100', 'H200'], sm: 90, generation: 'Hopper'},
	{models: ['B200'], sm: 100, generation: 'Blackwell'},
];

export type RecognizedGpu = {model: string; sm: number; generation: string};

/**
 * The GPU model named in free text such as "Tesla V100-SXM2-16GB", "NVIDIA H100 80GB HBM3" or a
 * coretype description. Whole words only, so that "A100" is not read as "A10" nor "L40S" as "L4".
 */
export function recognizeGpu(text: string): RecognizedGpu | undefined {
	for (const row of gpuArchitectures) {
		for (const model of row.models) {
			if (new RegExp(`(?:^|[^A-Za-z0-9])${model}(?![A-Za-z0-9])`, 'i').test(text)) {
				return {model, sm: row.sm, generation: row.generation};
			}
		}
	}

	return undefined;
}

/** `sm_90` for 90. */
export function smName(sm: number): string {
	return `sm_${sm}`;
}
