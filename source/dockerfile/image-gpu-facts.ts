import {imageName, parseImageRef} from './image-ref.js';
import {effectiveInstructions, rootImage, shellScript} from './instructions.js';
import type {DockerfileModel} from './model.js';
import {pipInstalls} from './pip-installs.js';
import {resolveStages, type ResolvedStage} from './stages.js';
import {cudaFromTag, pytorchImage, pytorchIndexCuda} from './torch-stack.js';

/** What decides which GPUs and drivers an image can use: its torch build and CUDA. */
export type ImageGpuFacts = {
	/** torch version without the local part (`1.11.0`), when the image has torch. */
	torch: string | undefined;
	/** CUDA the image's torch (or CUDA base) is built with (`11.3`), `cpu`, or unknown. */
	cuda: string | undefined;
	/** SMs the torch build carries (`sm_70`...), when a build log reported them. */
	archList: string[] | undefined;
	/** Where the facts come from, for messages: "base image pytorch/pytorch:...", "line 3". */
	origin: string;
	/** The Dockerfile line that decided them (FROM or the RUN that installed torch). */
	line: number | undefined;
};

const nvidiaCudaRepositories = new Set(['nvidia/cuda', 'docker.io/nvidia/cuda', 'nvcr.io/nvidia/cuda']);

/**
 * The torch and CUDA of the image the final stage builds: from a pytorch/pytorch or nvidia/cuda
 * base tag, then from any RUN that installs a pinned torch from a CUDA wheel index. Undefined
 * when neither is known (a plain python or ubuntu image).
 */
export function imageGpuFacts(model: DockerfileModel): ImageGpuFacts | undefined {
	const final = resolveStages(model).at(-1);
	if (!final) {
		return undefined;
	}

	let facts = baseImageFacts(final);
	for (const instruction of effectiveInstructions(final).filter(candidate => candidate.keyword === 'RUN')) {
		for (const install of pipInstalls(shellScript(instruction))) {
			const torch = install.requirements.find(requirement => requirement.name === 'torch' && requirement.version);
			if (torch?.version) {
				const indexCuda = install.sources.map(source => pytorchIndexCuda(source)).find(Boolean);
				facts = {
					torch: torch.version,
					cuda: torch.localVersion ? cudaFromTag(torch.localVersion) : indexCuda,
					archList: undefined,
					origin: `torch ${torch.version} installed at Dockerfile line ${instruction.line}`,
					line: instruction.line,
				};
			}
		}
	}

	return facts;
}

function baseImageFacts(stage: ResolvedStage): ImageGpuFacts | undefined {
	const image = rootImage(stage);
	const line = rootStage(stage).from.line;
	const pytorch = pytorchImage(image);
	if (pytorch) {
		return {torch: pytorch.torch, cuda: pytorch.cuda, archList: undefined, origin: `base image ${image}`, line};
	}

	const reference = parseImageRef(image);
	const cudaTagVersion = /^(\d+\.\d+)(?:\.\d+)?-/.exec(reference.tag ?? '')?.[1];
	if (nvidiaCudaRepositories.has(imageName(reference)) && cudaTagVersion) {
		return {torch: undefined, cuda: cudaTagVersion, archList: undefined, origin: `base image ${image}`, line};
	}

	return undefined;
}

function rootStage(stage: ResolvedStage): ResolvedStage {
	return stage.parent ? rootStage(stage.parent) : stage;
}
