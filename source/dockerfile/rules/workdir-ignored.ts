import {baseImageWorkdir} from '../knowledge/base-workdirs.js';
import {effectiveInstructions, rootImage} from '../instructions.js';
import {type Rule} from './rule.js';

export const workdirIgnoredRule: Rule = {
	id: 'workdir-ignored',
	relatesTo: 'DL3000',
	check({stages}) {
		const final = stages.at(-1);
		if (!final) {
			return [];
		}

		const lastWorkdir = effectiveInstructions(final).findLast(instruction => instruction.keyword === 'WORKDIR');
		const inherited = baseImageWorkdir(rootImage(final));
		const directory = lastWorkdir?.text.trim() ?? inherited;
		if (!directory) {
			return [];
		}

		const origin = lastWorkdir ? `WORKDIR ${directory}` : `The base image's WORKDIR ${directory}`;
		return [{
			rule: 'workdir-ignored',
			severity: 'warning',
			line: lastWorkdir?.line ?? final.from.line,
			message: `${origin} is not where the container starts: Apptainer starts in the directory you launch from (on Rescale, the job's writable work/shared folder). The definition file cds into ${directory} for its build steps only.`,
			fix: `Refer to files in the image by absolute path (e.g. python ${directory.replace(/\/$/, '')}/script.py), or pass --pwd ${directory} to apptainer run.`,
		}];
	},
};
