import path from 'node:path/posix';
import {commandWords, simpleCommands} from '../dockerfile/shell-words.js';

export type CommandCheck = {errors: string[]; warnings: string[]};

const scriptLike = /\.(?:py|sh|bash|r|R|jl|pl|rb|lua|js|m|ipynb)$/;

/**
 * Checks a run command before it costs a cluster start: it must run the input image, `--nv` must
 * match the coretype, and scripts it names must exist in the image (when its file list is known):
 * the classic slip is `python /experiments/shapes.py` for an image that holds
 * `/workspace/experiments/shapes.py`.
 */
export function checkRunCommand(command: string, options: {sifName: string; gpus: number; coretype: string; imageFiles?: string[]}): CommandCheck {
	const errors: string[] = [];
	const warnings: string[] = [];
	const words = simpleCommands(command).flatMap(simple => commandWords(simple).words);
	const images = words.filter(word => word.endsWith('.sif'));
	if (images.length === 0) {
		errors.push(`The command runs no .sif image; it should run ${options.sifName}, e.g. apptainer run --nv ${options.sifName} ...`);
	} else if (!images.some(image => path.basename(image) === options.sifName)) {
		errors.push(`The command runs ${images.join(', ')}, but the job's input image is ${options.sifName}.`);
	}

	const nv = words.includes('--nv');
	if (options.gpus > 0 && !nv) {
		warnings.push(`${options.coretype} has ${options.gpus} GPU(s), but without --nv the container cannot see them: add --nv after apptainer run.`);
	}

	if (options.gpus === 0 && nv) {
		warnings.push(`${options.coretype} has no GPU: --nv finds no driver there, and CUDA code will fail. Pick a GPU coretype.`);
	}

	const imageFiles = options.imageFiles;
	if (imageFiles && imageFiles.length > 0) {
		// The script of `sh -c '...'` is one word: its own words are the ones to check.
		const afterImage = words.slice(words.findIndex(word => word.endsWith('.sif')) + 1).flatMap(word => (/\s/.test(word) ? simpleCommands(word).flatMap(inner => commandWords(inner).words) : [word]));
		for (const word of afterImage.filter(candidate => scriptLike.test(candidate) && !candidate.startsWith('-'))) {
			if (word.startsWith('/')) {
				if (!imageFiles.includes(path.normalize(word))) {
					const suggestion = closestImagePath(word, imageFiles);
					errors.push(`${word} is not in the image${suggestion ? `; it holds ${suggestion}` : ''}.${suggestion ? ` Use: ${command.replace(word, suggestion)}` : ''}`);
				}
			} else {
				const inImage = closestImagePath(`/${word}`, imageFiles);
				if (inImage) {
					errors.push(`${word} is a relative path: apptainer run starts in the job's work/shared folder, not in the image, so it will not be found. The image holds ${inImage}; use that absolute path.`);
				}
			}
		}
	}

	return {errors, warnings};
}

/** The image file whose path ends like `wanted` does, over the most path segments. */
function closestImagePath(wanted: string, imageFiles: string[]): string | undefined {
	const parts = wanted.split('/').filter(Boolean);
	let best: {file: string; score: number} | undefined;
	for (const file of imageFiles) {
		const fileParts = file.split('/').filter(Boolean);
		let score = 0;
		while (score < parts.length && score < fileParts.length && parts.at(-1 - score) === fileParts.at(-1 - score)) {
			score++;
		}

		if (score > 0 && (!best || score > best.score)) {
			best = {file, score};
		}
	}

	return best?.file;
}
