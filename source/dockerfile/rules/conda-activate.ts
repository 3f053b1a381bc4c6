import type {Finding} from '../finding.js';
import {shellScript} from '../instructions.js';
import {commandWords, simpleCommands} from '../shell-words.js';
import {instructionsOf, type Rule} from './rule.js';

const condaPrograms = new Set(['conda', 'mamba', 'micromamba']);

type Activation = {environment: string; words: readonly string[]};

/** `conda activate ENV` (conda's shell function) or `source activate ENV` (a script on PATH). */
function activation(words: readonly string[]): Activation | undefined {
	const [program, verb, environment] = words;
	if (program && condaPrograms.has(program.split('/').at(-1)!) && verb === 'activate') {
		return {environment: environment ?? 'ENV', words};
	}

	if ((program === 'source' || program === '.') && verb && /(?:^|\/)activate$/.test(verb)) {
		return {environment: environment ?? 'ENV', words};
	}

	return undefined;
}

/** Loads conda's shell function in this shell: `. .../conda.sh`, `eval "$(conda shell.bash hook)"`. */
function loadsCondaFunction(words: readonly string[]): boolean {
	return ((words[0] === 'source' || words[0] === '.') && /conda\.sh$/.test(words[1] ?? '')) || (words[0] === 'eval' && /shell\.\w+ hook|shell hook/.test(words.slice(1).join(' ')));
}

/**
 * Warns only where an activation is meant to outlast its command: activating as the last step of
 * a RUN (for the steps after it), or writing the activation into a shell start-up file (for run
 * time). `source activate env && pip install ...` works inside its RUN, and text an echo prints
 * is not an activation.
 */
export const condaActivateRule: Rule = {
	id: 'conda-activate',
	check(context) {
		const findings: Finding[] = [];
		for (const {instruction} of instructionsOf(context, 'RUN', 'CMD', 'ENTRYPOINT')) {
			const commands = simpleCommands(shellScript(instruction)).map(command => commandWords(command).words);
			const warn = (environment: string, message: string) => findings.push({
				rule: 'conda-activate',
				severity: 'warning',
				line: instruction.line,
				message,
				fix: `Use conda run -n ${environment} <command> in RUN, and ENV PATH=/opt/conda/envs/${environment}/bin:$PATH for run time.`,
			});
			const startupFile = commands.find(words => ['echo', 'printf'].includes(words[0] ?? '') && words.some(word => /\bactivate\b/.test(word)) && words.some(word => /(?:bashrc|profile)$/.test(word)));
			if (startupFile) {
				const environment = /activate\s+([\w.-]+)/.exec(startupFile.join(' '))?.[1] ?? 'ENV';
				warn(environment, 'The activation written to a shell start-up file is read by interactive shells only: apptainer run does not read .bashrc or .profile, so the environment is not active at run time.');
				continue;
			}

			const last = commands.at(-1);
			const lastActivation = last && instruction.keyword === 'RUN' ? activation(last) : undefined;
			if (lastActivation) {
				warn(lastActivation.environment, 'An activation at the end of a RUN does not carry over: every RUN starts a new shell (in Docker, and in the def, where each such step runs in a subshell), and nothing it sets survives to apptainer run.');
				continue;
			}

			const functionCall = commands.findIndex(words => activation(words) && words[0] !== 'source' && words[0] !== '.');
			if (functionCall !== -1 && !commands.slice(0, functionCall).some(words => loadsCondaFunction(words))) {
				warn(activation(commands[functionCall]!)!.environment, 'conda activate needs conda\'s shell function, which a non-interactive shell does not have (\'CommandNotFoundError: Your shell has not been properly configured\'): load it first in the same command (eval "$(conda shell.bash hook)"), or use conda run.');
			}
		}

		return findings;
	},
};
