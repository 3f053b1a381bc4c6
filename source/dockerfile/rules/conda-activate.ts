import {shellScript} from '../instructions.js';
import {instructionsOf, type Rule} from './rule.js';

export const condaActivateRule: Rule = {
	id: 'conda-activate',
	check(context) {
		return instructionsOf(context, 'RUN', 'CMD', 'ENTRYPOINT')
			.filter(({instruction}) => /\b(?:conda|mamba|micromamba)\s+activate\b|\bsource\s+activate\b/.test(shellScript(instruction)))
			.map(({instruction}) => {
				const environment = /activate\s+([\w.-]+)/.exec(shellScript(instruction))?.[1] ?? 'ENV';
				return {
					rule: 'conda-activate',
					severity: 'warning' as const,
					line: instruction.line,
					message: `conda activate does not work in a non-interactive shell ('CommandNotFoundError: Your shell has not been properly configured'), and nothing it sets survives to apptainer run (no .bashrc is read).`,
					fix: `Use conda run -n ${environment} <command> in RUN, and ENV PATH=/opt/conda/envs/${environment}/bin:$PATH for run time.`,
				};
			});
	},
};
