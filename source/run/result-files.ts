import type {RescaleFile} from '../rescale/types.js';

/** Input files: what Rescale's type id 1 marks, and what a job was given. */
const inputType = 1;

/**
 * The files a run produced: never its inputs, such as the staged image (often several GB). Without
 * the image (a job known only by its id), the platform's input type alone tells them apart.
 */
export function resultFiles(files: RescaleFile[], image?: RescaleFile): RescaleFile[] {
	return files.filter(file => file.typeId !== inputType && (image === undefined || (file.id !== image.id && (file.relativePath ?? file.name) !== image.name)));
}
