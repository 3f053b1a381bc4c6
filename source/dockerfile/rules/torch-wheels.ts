import type {Finding, Severity} from '../finding.js';
import type {Instruction} from '../model.js';
import {pipInstalls, type PipInstall} from '../pip-installs.js';
import {
	cudaFromTag, cudaTag, minorVersion, parsePygIndexUrl, pygIndexUrlFor, pygPageExists, pytorchImage,
	pytorchImageFor, pytorchIndexCuda, type PygPage, type PytorchImage, type TorchStack,
} from '../torch-stack.js';
import type {ResolvedStage} from '../stages.js';
import {effectiveInstructions, rootImage, shellScript} from '../instructions.js';
import {type Rule} from './rule.js';

/** Where the torch a step builds against came from, for messages. */
type Reference = TorchStack & {
	describe: string;
	image: PytorchImage | undefined;
	/** The FROM line and its image text, when a fix can rewrite it in place. */
	from: {line: number; image: string} | undefined;
};

const torchCompanions = new Set(['torchvision', 'torchaudio', 'torchtext', 'torchdata']);

/**
 * torch-wheel-mismatch, pyg-index-unknown and torch-reinstall: follows the torch a stage has
 * (from its pytorch base image, then from any `pip install torch==X`) through its RUN steps and
 * compares every wheel index a step installs from with it.
 */
export const torchWheelsRule: Rule = {
	id: 'torch-wheel-mismatch',
	check({stages}) {
		return stages.flatMap(stage => checkStage(stage));
	},
};

function checkStage(stage: ResolvedStage): Finding[] {
	const image = pytorchImage(rootImage(stage));
	let reference: Reference | undefined = image && {
		torch: image.torch,
		cuda: image.cuda,
		image,
		from: stage.image === rootImage(stage) ? {line: stage.from.line, image: stage.image} : undefined,
		describe: `Base image ${rootImage(stage)} ships torch ${minorVersion(image.torch)} (CUDA ${image.cuda})`,
	};
	const findings: Finding[] = [];
	for (const instruction of effectiveInstructions(stage).filter(candidate => candidate.keyword === 'RUN')) {
		for (const install of pipInstalls(shellScript(instruction))) {
			const replaced = torchReplacement(install, instruction, reference);
			if (replaced) {
				if (replaced.finding) {
					findings.push(replaced.finding);
				}

				reference = replaced.reference;
			}

			findings.push(...checkCompanionIndex(install, instruction, reference), ...checkPygIndexes(install, instruction, reference));
		}
	}

	return findings;
}

function torchReplacement(
	install: PipInstall,
	instruction: Instruction,
	reference: Reference | undefined,
): {reference: Reference; finding: Finding | undefined} | undefined {
	const torch = install.requirements.find(requirement => requirement.name === 'torch' && requirement.version);
	if (!torch?.version) {
		return undefined;
	}

	const indexCuda = install.sources.map(source => pytorchIndexCuda(source)).find(Boolean);
	const cuda = torch.localVersion ? cudaFromTag(torch.localVersion) : indexCuda;
	const next: Reference = {
		torch: torch.version,
		cuda,
		image: undefined,
		from: undefined,
		describe: `Line ${instruction.line} installs torch ${torch.version}${cuda ? ` (${cudaLabel(cuda)})` : ''}`,
	};
	const changes = reference && (minorVersion(reference.torch) !== minorVersion(torch.version) || (cuda !== undefined && cuda !== reference.cuda));
	return {
		reference: next,
		finding: changes ? {
			rule: 'torch-reinstall',
			severity: 'warning',
			line: instruction.line,
			message: `${reference.describe}; line ${instruction.line} replaces it with torch ${torch.version}${cuda ? ` (${cudaLabel(cuda)})` : ' from PyPI (whose CUDA build may differ)'}: a multi-GB download, and every extension wheel must then match the new torch.`,
			fix: reference.image
				? `Start from a base image that already has the torch you need${pytorchImageFor(next, reference.image) ? `, e.g. FROM ${pytorchImageFor(next, reference.image)}` : ''}, or pin torch==${reference.torch} with a constraints file.`
				: `Keep one torch version across the Dockerfile.`,
		} : undefined,
	};
}

/** torchvision/torchaudio from download.pytorch.org/whl/cuXYZ must match the torch's CUDA. */
function checkCompanionIndex(install: PipInstall, instruction: Instruction, reference: Reference | undefined): Finding[] {
	if (!reference?.cuda || install.requirements.some(requirement => requirement.name === 'torch')) {
		return [];
	}

	const companions = install.requirements.filter(requirement => torchCompanions.has(requirement.name));
	const indexCuda = install.sources.map(source => pytorchIndexCuda(source)).find(Boolean);
	const wheelCuda = companions.map(requirement => requirement.localVersion && cudaFromTag(requirement.localVersion)).find(Boolean) ?? indexCuda;
	if (companions.length === 0 || !wheelCuda || wheelCuda === reference.cuda) {
		return [];
	}

	const names = companions.map(requirement => requirement.name).join(', ');
	return [{
		rule: 'torch-wheel-mismatch',
		severity: cudaSeverity(reference.cuda, wheelCuda),
		line: instruction.line,
		message: `${reference.describe} but line ${instruction.line} installs ${names} built for ${cudaLabel(wheelCuda)} (${cudaTag(wheelCuda)}); they refuse to load next to a torch built for another CUDA.`,
		fix: `Install ${names} from https://download.pytorch.org/whl/${cudaTag(reference.cuda)}.`,
	}];
}

function checkPygIndexes(install: PipInstall, instruction: Instruction, reference: Reference | undefined): Finding[] {
	const findings: Finding[] = [];
	for (const page of install.sources.map(source => parsePygIndexUrl(source)).filter((page): page is PygPage => page !== undefined)) {
		if (!pygPageExists(page.torch, page.cuda)) {
			findings.push({
				rule: 'pyg-index-unknown',
				severity: 'error',
				line: instruction.line,
				message: `${page.url} is not a page of the PyG wheel index; pip ignores it without a word and builds torch-scatter/torch-sparse from source instead (no CUDA kernels on a GPU-less build node).`,
				fix: reference ? suggestIndex(reference) : 'Pick an existing page from https://data.pyg.org/whl/.',
			});
			continue;
		}

		if (reference) {
			const mismatch = compareWithPage(reference, page, instruction);
			if (mismatch) {
				findings.push(mismatch);
			}
		}
	}

	return findings;
}

function compareWithPage(reference: Reference, page: PygPage, instruction: Instruction): Finding | undefined {
	const torchDiffers = minorVersion(page.torch) !== minorVersion(reference.torch);
	const cudaDiffers = page.cuda !== undefined && reference.cuda !== undefined && page.cuda !== reference.cuda;
	if (!torchDiffers && !cudaDiffers) {
		return undefined;
	}

	const wheels: TorchStack = {torch: page.torch, cuda: page.cuda ?? reference.cuda};
	const indexName = `torch-${page.torch}${page.cuda ? `+${cudaTag(page.cuda)}` : ''}`;
	const problems: string[] = [];
	if (torchDiffers) {
		problems.push(`they are built against torch ${minorVersion(page.torch)} and fail at import (torch_sparse: 'object has no attribute sparse_csr_tensor' or an undefined symbol)`);
	}

	if (cudaDiffers) {
		problems.push(page.cuda === 'cpu'
			? 'they are CPU-only builds, so the extensions never use the GPU'
			: `they are built for ${cudaLabel(page.cuda!)} (${cudaTag(page.cuda!)}) while torch uses ${cudaLabel(reference.cuda!)}; torch_sparse refuses to load ('compiled with different CUDA versions')`);
	}

	const matchingImage = reference.image ? pytorchImageFor(wheels, reference.image) : undefined;
	const matchingIndex = pygIndexUrlFor(reference);
	const options = [
		matchingImage && `change the base to FROM ${matchingImage} (it matches the wheels)`,
		matchingIndex && `${reference.image ? 'keep the base and install' : 'install'} from ${matchingIndex} (it matches ${reference.image ? 'the image' : 'that torch'})`,
	].filter((option): option is string => Boolean(option));
	return {
		rule: 'torch-wheel-mismatch',
		severity: torchDiffers ? 'error' : cudaSeverity(reference.cuda!, page.cuda!),
		line: instruction.line,
		message: `${reference.describe} but line ${instruction.line} installs PyG wheels from the ${torchDiffers ? `torch ${minorVersion(page.torch)} index` : `${cudaTag(page.cuda!)} index`} (${indexName}): ${problems.join('; ')}.`,
		fix: options.length > 0
			? `${capitalize(options.join(', or '))}.`
			: `No published image or index page pairs torch ${page.torch} with ${reference.cuda ? cudaLabel(reference.cuda) : 'this CUDA'}; pick a torch/CUDA pair that exists on https://data.pyg.org/whl/.`,
		edit: matchingImage && reference.from ? {line: reference.from.line, find: reference.from.image, replace: matchingImage} : undefined,
	};
}

function suggestIndex(reference: Reference): string {
	const url = pygIndexUrlFor(reference);
	return url ? `For torch ${reference.torch}${reference.cuda ? ` with ${cudaLabel(reference.cuda)}` : ''} use ${url}.` : 'Pick an existing page from https://data.pyg.org/whl/.';
}

/** Different CUDA majors cannot load together; a different minor usually can. */
function cudaSeverity(torchCuda: string, wheelCuda: string): Severity {
	if (torchCuda === 'cpu' || wheelCuda === 'cpu') {
		return 'warning';
	}

	return torchCuda.split('.')[0] === wheelCuda.split('.')[0] ? 'warning' : 'error';
}

function cudaLabel(cuda: string): string {
	return cuda === 'cpu' ? 'CPU only' : `CUDA ${cuda}`;
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}
