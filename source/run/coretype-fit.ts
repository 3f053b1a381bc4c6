import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import type {ImageGpuFacts} from '../dockerfile/image-gpu-facts.js';
import {UserError} from '../errors.js';
import {gpuCompatibility} from '../gpu/compatibility.js';
import {defaultOutDir} from '../image-build/output-folder.js';
import {isGpuCoretype, type Coretype} from '../rescale/types.js';

/**
 * What `build` learnt of the image's torch and CUDA (from the Dockerfile, then from the smoke
 * test's line in the build log), kept in its plan; undefined when the image was built elsewhere.
 */
export function imageFactsFor(sifName: string, outDir = defaultOutDir): ImageGpuFacts | undefined {
	const planFile = path.join(outDir, sifName.replace(/\.sif$/, ''), 'plan.json');
	if (!existsSync(planFile)) {
		return undefined;
	}

	try {
		return (JSON.parse(readFileSync(planFile, 'utf8')) as {gpuFacts?: ImageGpuFacts}).gpuFacts ?? undefined;
	} catch {
		return undefined;
	}
}

/**
 * The refusal of a coretype the image cannot use, with the GPU coretypes that fit: the headless
 * `run` offers --force, the wizard (which has no flags) another coretype.
 */
export class CoretypeMisfit extends UserError {
	constructor(message: string, readonly fits: Coretype[]) {
		super(message, {hint: `${fittingCoretypes(fits)} Add --force to submit anyway.`});
		this.name = 'CoretypeMisfit';
	}
}

/** The sentence that names the coretypes an image fits, the same in the command and the wizard. */
export function fittingCoretypes(fits: Coretype[]): string {
	return fits.length > 0 ? `Coretypes whose GPU this image can use: ${fits.map(candidate => `${candidate.code} (${candidate.name})`).join(', ')}.` : 'No listed coretype is known to fit this image.';
}

/**
 * Why the image cannot use this GPU coretype (`reason`: its torch has no kernels for that GPU, or it
 * is a CPU-only build, and where that was read), with the GPU coretypes that fit; undefined when it
 * can, or when that is not known (`?`).
 */
export function coretypeMisfit(facts: ImageGpuFacts | undefined, coretype: Coretype, coretypes: Coretype[]): {message: string; reason: string; fits: Coretype[]} | undefined {
	const verdict = gpuCompatibility(facts, coretype);
	if (!isGpuCoretype(coretype) || verdict.verdict !== 'incompatible') {
		return undefined;
	}

	const fits = coretypes.filter(candidate => isGpuCoretype(candidate) && gpuCompatibility(facts, candidate).verdict === 'ok');
	const reason = `${verdict.reason}${facts ? ` (${facts.origin})` : ''}`;
	return {message: `${coretype.code} cannot run this image: ${reason}`, reason, fits};
}

/** Refuses a GPU coretype the image cannot use, naming the coretypes that fit; with `force` it is a warning instead. */
export function checkCoretypeFit(facts: ImageGpuFacts | undefined, coretype: Coretype, coretypes: Coretype[], force: boolean): string[] {
	const misfit = coretypeMisfit(facts, coretype, coretypes);
	if (!misfit) {
		return [];
	}

	if (force) {
		return [`--force: submitting to ${coretype.code} although ${misfit.reason}; the run will most likely fail at its first CUDA kernel.`];
	}

	throw new CoretypeMisfit(misfit.message, misfit.fits);
}
