import type {ImageGpuFacts} from '../dockerfile/image-gpu-facts.js';
import type {CoretypeLike} from '../gpu/compatibility.js';
import {parseNvidiaSmi, type NodeGpu} from '../gpu/nvidia-smi.js';
import {explainGpuFailure} from '../gpu/runtime-failure.js';
import type {JobStatus} from '../rescale/types.js';
import {exitCodeLine} from './job-command.js';

/** How a run ended, judged from its log and its final status, not assumed from `Completed`. */
export type RunOutcome = {
	succeeded: boolean;
	/** The command's exit code from the log's last line; undefined when the log does not say. */
	exitCode: number | undefined;
	/** One line: what happened. */
	summary: string;
	/** The most likely cause of a failure, with what to do. */
	cause: string | undefined;
	/** The log's last lines (without the platform's time stamps). */
	logTail: string[];
	/** The node's GPUs, as its nvidia-smi reported them at the start of the run. */
	nodeGpus: NodeGpu[];
};

export type OutcomeContext = {facts: ImageGpuFacts | undefined; coretype: CoretypeLike; coretypes: CoretypeLike[]};

/** Causes read from the log, most specific first (the GPU failures are explained apart). */
const causes: Array<{pattern: RegExp; cause: (match: RegExpExecArray) => string}> = [
	{pattern: /can't open file '([^']+)'|No such file or directory: '([^']+)'|([^\s:]+): No such file or directory/, cause: match => `file not found: ${match[1] ?? match[2] ?? match[3]} is not where the command looks for it (inside the image, paths are those of the def's %files; your job's input files are in the working folder).`},
	{pattern: /CUDA out of memory|OutOfMemoryError|out of memory|Cannot allocate memory|MemoryError/i, cause: () => 'out of memory: use a smaller batch size, or a coretype with more GPU or node memory.'},
	{pattern: /ModuleNotFoundError: No module named '([^']+)'/, cause: match => `the module ${match[1]} is not installed in the image: add it to the Dockerfile and build again.`},
	{pattern: /could not open image|failed to retrieve path for/, cause: () => 'the image did not reach the node: check the SIF is an input file of the job (rescale-apptainer run --sif NAME).'},
	{pattern: /Could not find any nv files on this host/, cause: () => 'the command asks for GPUs (--nv) on a coretype without GPUs.'},
];

/**
 * Judges a finished run: it succeeded only when the log's last line says the command exited 0 and
 * the platform did not stop it. Anything else is a failure, explained from the log.
 */
export function judgeRun(final: JobStatus, log: string[], context: OutcomeContext): RunOutcome {
	const lines = log.map(line => line.replace(/^\[[^\]]*\]:\s?/, ''));
	const text = lines.join('\n');
	const exitCode = lines.map(line => exitCodeLine.exec(line)?.[1]).findLast(code => code !== undefined);
	const code = exitCode === undefined ? undefined : Number(exitCode);
	const nodeGpus = parseNvidiaSmi(text);
	const logTail = lines.filter(line => !exitCodeLine.test(line)).slice(-15);
	const stopped = /terminated|stopped|walltime|exceeded|failed/i.test(final.statusReason) && !/success/i.test(final.statusReason);
	if (code === 0 && !stopped) {
		return {succeeded: true, exitCode: code, summary: 'The command exited with code 0.', cause: undefined, logTail, nodeGpus};
	}

	const summary = code === undefined
		? `The job ended (${final.status}${final.statusReason ? `: ${final.statusReason}` : ''}) without the line that says how the command exited.`
		: `The command exited with code ${code}${code === 137 ? ' (killed: usually out of memory)' : ''}${stopped ? ` and the job ended: ${final.statusReason}` : ''}.`;
	const gpu = explainGpuFailure(text, context.facts, context.coretype, context.coretypes);
	const known = causes.map(({pattern, cause}) => {
		const match = pattern.exec(text);
		return match ? cause(match) : undefined;
	}).find(Boolean);
	const cause = gpu?.message ?? known ?? (code === 137 ? 'out of memory: the node killed the command.' : stopped ? `the platform ended the job: ${final.statusReason}.` : undefined);
	return {succeeded: false, exitCode: code, summary, cause, logTail, nodeGpus};
}
