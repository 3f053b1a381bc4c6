import type {Finding} from '../finding.js';
import {type Rule} from './rule.js';

export const entrypointCmdRule: Rule = {
	id: 'entrypoint-cmd',
	relatesTo: 'DL4003, DL4004',
	check({stages}) {
		const findings: Finding[] = [];
		for (const stage of stages) {
			for (const keyword of ['CMD', 'ENTRYPOINT']) {
				const all = stage.instructions.filter(instruction => instruction.keyword === keyword);
				for (const ignored of all.slice(0, -1)) {
					findings.push({
						rule: 'entrypoint-cmd',
						severity: 'warning',
						line: ignored.line,
						message: `This ${keyword} is overridden by the one on line ${all.at(-1)!.line}; only the last ${keyword} of a stage counts.`,
						fix: `Remove line ${ignored.line}.`,
					});
				}
			}
		}

		const final = stages.at(-1);
		const entrypoint = final?.instructions.findLast(instruction => instruction.keyword === 'ENTRYPOINT');
		if (entrypoint && (entrypoint.exec?.length ?? 1) > 0) {
			findings.push({
				rule: 'entrypoint-cmd',
				severity: 'info',
				line: entrypoint.line,
				message: entrypoint.exec
					? 'With an ENTRYPOINT, the words after `apptainer run image.sif` become its arguments (there is no --entrypoint override).'
					: 'A shell-form ENTRYPOINT ignores both CMD and any arguments given to apptainer run.',
				fix: 'Use `apptainer exec image.sif <command>` to run something else.',
			});
		}

		return findings;
	},
};
