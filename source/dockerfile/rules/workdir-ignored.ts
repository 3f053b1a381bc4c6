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
			message: `${origin} holds for the build steps and for the image's own command (the runscript cds there before ENTRYPOINT, or CMD when apptainer run gets no arguments, as docker run does). A command given to apptainer run in place of CMD, and apptainer exec, start in the folder you launch from (on Rescale, the job's work folder), so relative paths there do not find the image's files; and ${directory} is read-only at run time.`,
			fix: `Refer to files in the image by absolute path (e.g. python ${directory.replace(/\/$/, '')}/script.py), and write outputs to the folder the job starts in.`,
		}];
	},
};
