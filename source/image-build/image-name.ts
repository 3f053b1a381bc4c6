// Apart from the plan (which packs the context with tar), so the wizard's first frame can name the
// build job it looks for without loading the packer.
import {UserError} from '../errors.js';

/** The build job's name for an image: the prefix tells Rescale users not to delete the job that filed the SIF. */
export function buildJobName(imageName: string): string {
	return `DO NOT REMOVE - Apptainer Image Build ${imageName}`;
}

export function sanitizeName(name: string): string {
	const clean = name.toLowerCase().replaceAll(/[^a-z\d._-]+/g, '-').replaceAll(/^[-.]+|[-.]+$/g, '');
	if (clean === '') {
		throw new UserError(`"${name}" gives no usable image name`, {hint: 'Pass --name NAME (letters, digits, . _ -).'});
	}

	return clean;
}
