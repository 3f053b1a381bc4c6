import {quoteWord} from '../apptainer/shell-quote.js';

/** The last line of a run job's log: how the command ended. */
export const exitCodeLine = /rescale-apptainer: command exited with code (\d+)/;

export const nodeGpusHeader = 'rescale-apptainer: node GPUs (name, driver, compute capability):';

/**
 * The command the run job really runs: the node's GPUs first (nvidia-smi, where there is one), then
 * the user's command, then the staged image removed (Rescale would otherwise return the
 * multi-GB input as a result) and the command's exit code as the log's last line, since Rescale
 * ends a failed command's job as `Completed` too. One line, so the platform shows it as given.
 */
export function jobCommand(command: string, sifName: string): string {
	return [
		`if command -v nvidia-smi >/dev/null 2>&1; then echo ${quoteWord(nodeGpusHeader)}; nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv,noheader; fi`,
		command,
		'code=$?',
		`rm -f ${quoteWord(sifName)}`,
		'echo "rescale-apptainer: command exited with code $code"',
		'exit $code',
	].join('; ');
}
