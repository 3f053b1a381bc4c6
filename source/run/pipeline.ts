import {createHash} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {UserError} from '../errors.js';
import {followJob} from '../jobs/follow.js';
import {describeHardware, resolveHardware, type Hardware} from '../jobs/hardware.js';
import {createOrReattachJob} from '../jobs/create-job.js';
import {apptainerAnalysis, apptainerAnalysisVersion, type PipelineContext} from '../jobs/lifecycle.js';
import type {RescaleApi} from '../rescale/client.js';
import {isGpuCoretype, type Coretype, type JobStatus, type RescaleFile} from '../rescale/types.js';
import {quoteWord} from '../apptainer/shell-quote.js';
import {defaultOutDir} from '../image-build/output-folder.js';
import type {ImageGpuFacts} from '../dockerfile/image-gpu-facts.js';
import {checkRunCommand} from './check-command.js';
import {checkCoretypeFit, imageFactsFor} from './coretype-fit.js';
import {jobCommand} from './job-command.js';
import {judgeRun, type RunOutcome} from './outcome.js';
import {downloadOutputs} from './download-outputs.js';

export type RunRequest = {
	sif?: string;
	coretype?: string;
	cores?: number;
	/** Whole hours; one by default. */
	walltime?: number;
	/** Words after `--`: a whole `apptainer ...` command, or arguments for the image. */
	command: string[];
	/** Where `build` left its plans, to learn which files the image holds. */
	outDir?: string;
	platform: string;
	lowPriority?: boolean;
	/** Submit even to a coretype whose GPU the image cannot use. */
	force?: boolean;
};

export type RunPlan = {
	key: string;
	jobName: string;
	sif: RescaleFile;
	coretype: Coretype;
	hardware: Hardware;
	command: string;
	warnings: string[];
	/** The image's torch and CUDA as `build` learnt them, and the GPU coretypes, to explain a failed run. */
	facts: ImageGpuFacts | undefined;
	gpuCoretypes: Coretype[];
};

/** Finds the image and the coretype, builds the command and checks it; refuses what would fail. */
export async function prepareRun(client: Pick<RescaleApi, 'catalog' | 'files'>, request: RunRequest): Promise<RunPlan> {
	const {sif, namesakes} = await findSif(client, request.sif);
	const coretypes = await client.catalog.coretypes();
	const gpuTypes = coretypes.filter(coretype => isGpuCoretype(coretype));
	const describe = (list: Coretype[]) => list.map(coretype => `${coretype.code} (${coretype.name}; cores ${coretype.cores.join('/')}; GPUs ${coretype.gpuCounts.join('/')})`).join(', ');
	if (!request.coretype) {
		throw new UserError('choose a coretype with --coretype CODE', {hint: `GPU coretypes: ${describe(gpuTypes)}.`});
	}

	const hardware = resolveHardware(coretypes, {coretype: request.coretype, cores: request.cores, walltime: request.walltime, lowPriority: request.lowPriority}, `GPU coretypes: ${describe(gpuTypes)}.`);
	const coretype = coretypes.find(candidate => candidate.code === hardware.coreType)!;
	const facts = imageFactsFor(sif.name, request.outDir);
	const fitWarnings = checkCoretypeFit(facts, coretype, coretypes, request.force ?? false);
	const command = runCommand(request.command, sif.name);
	const check = checkRunCommand(command, {sifName: sif.name, gpus: hardware.gpus, coretype: coretype.code, imageFiles: imageFilesFor(sif.name, request.outDir)});
	if (check.errors.length > 0) {
		throw new UserError(`the command would fail on Rescale:\n${check.errors.map(error => `  ${error}`).join('\n')}`, {hint: `Command: ${command}`});
	}

	const warnings = [...fitWarnings, ...check.warnings];
	if (namesakes.length > 0) {
		warnings.push(`${namesakes.length + 1} images are named ${sif.name}: this is the newest, file id ${sif.id}; --sif ID runs another (${namesakes.map(file => `id ${file.id}${file.dateUploaded ? `, uploaded ${file.dateUploaded}` : ''}`).join('; ')}).`);
	}

	if (!imageFilesFor(sif.name, request.outDir)) {
		warnings.push(`Paths inside ${sif.name} were not checked: no build plan for it in ${request.outDir ?? defaultOutDir} (it was built elsewhere).`);
	}

	const key = createHash('sha256').update([request.platform, sif.id, command, coretype.code, hardware.coresPerSlot, hardware.walltime].join('\n')).digest('hex').slice(0, 24);
	return {key, jobName: `Apptainer run ${sif.name} on ${coretype.code}`, sif, coretype, hardware, command, warnings, facts, gpuCoretypes: gpuTypes};
}

/** The plan in words, the same lines in the wizard, the headless output and the session report. */
export function describeRunPlan(plan: RunPlan): string[] {
	return [`Command: ${plan.command}`, `On: ${describeHardware(plan.hardware)}`];
}

/** `apptainer run --nv <sif>` by default; words that are not a whole apptainer command become its arguments. */
function runCommand(words: string[], sifName: string): string {
	if (words.length > 0 && /^(?:apptainer|singularity)$/.test(words[0]!)) {
		return words.map(word => quoteWord(word)).join(' ');
	}

	return ['apptainer', 'run', '--nv', sifName, ...words].map(word => quoteWord(word)).join(' ');
}

/** The SIF files in the user's cloud storage, newest first (an undated one last). */
export async function listImages(client: Pick<RescaleApi, 'files'>): Promise<RescaleFile[]> {
	const uploaded = (file: RescaleFile) => Date.parse(file.dateUploaded ?? '') || 0;
	return (await client.files.list('.sif')).filter(file => file.name.endsWith('.sif')).sort((a, b) => uploaded(b) - uploaded(a));
}

/** The image asked for by id or name (the newest of that name), and the others of that name. */
async function findSif(client: Pick<RescaleApi, 'files'>, wanted: string | undefined): Promise<{sif: RescaleFile; namesakes: RescaleFile[]}> {
	const images = await listImages(client);
	const list = () => images.length === 0 ? 'There is no .sif file in your cloud storage yet: run rescale-apptainer build first.' : `SIF files: ${images.slice(0, 10).map(file => `${file.name} (id ${file.id})`).join(', ')}${images.length > 10 ? ', ...' : ''}.`;
	if (!wanted) {
		throw new UserError('choose the image with --sif NAME or --sif ID', {hint: list()});
	}

	const byId = images.find(file => file.id === wanted);
	if (byId) {
		return {sif: byId, namesakes: []};
	}

	// Newest first already (listImages).
	const [newest, ...namesakes] = images.filter(file => file.name === wanted || file.name === `${wanted}.sif`);
	if (!newest) {
		throw new UserError(`no SIF file "${wanted}" in your cloud storage`, {hint: list()});
	}

	return {sif: newest, namesakes};
}

/** The image's files, from the plan `build` wrote for it (undefined when it was built elsewhere). */
export function imageFilesFor(sifName: string, outDir = defaultOutDir): string[] | undefined {
	const name = sifName.replace(/\.sif$/, '');
	const planFile = path.join(outDir, name, 'plan.json');
	if (!existsSync(planFile)) {
		return undefined;
	}

	try {
		return (JSON.parse(readFileSync(planFile, 'utf8')) as {imageFiles?: string[]}).imageFiles;
	} catch {
		return undefined;
	}
}

export type RunResult = {job: string; final: JobStatus; outputs: RescaleFile[]; downloaded: string[]; outcome: RunOutcome};

export type RunJob = PipelineContext & {plan: RunPlan; download?: string};

/** Submits the run (or reattaches to it), follows it with its metrics until its outputs are filed, and lists or downloads them. */
export async function runJob(run: RunJob): Promise<RunResult> {
	const {plan, client, config, onEvent, signal} = run;
	const jobId = await createOrReattachJob(run, {
		kind: 'run',
		planKey: plan.key,
		name: plan.jobName,
		uploads: [],
		request: async () => ({
			name: plan.jobName,
			description: 'Apptainer run (rescale-apptainer)',
			isLowPriority: plan.hardware.lowPriority,
			...(run.projectId ? {projectId: run.projectId} : {}),
			jobanalyses: [{
				analysis: {code: apptainerAnalysis, version: await apptainerAnalysisVersion(client, onEvent)},
				command: jobCommand(plan.command, plan.sif.name),
				hardware: {coreType: plan.hardware.coreType, coresPerSlot: plan.hardware.coresPerSlot, slots: 1, walltime: plan.hardware.walltime, type: 'compute'},
				inputFiles: [{id: plan.sif.id, decompress: false}],
			}],
		}),
	});
	const log: string[] = [];
	// Without outputsReady the follower waits for the cluster to stop: only then are all the outputs listed.
	const {final, files: outputs} = await followJob(client, jobId, {pollMs: run.pollMs, signal, onEvent(event) {
		if (event.kind === 'log') {
			log.push(...event.lines);
		}

		onEvent(event);
	}});
	const outcome = judgeRun(final, log, {facts: plan.facts, coretype: plan.coretype, coretypes: plan.gpuCoretypes});
	config.forgetJob(plan.key);
	const downloaded = run.download ? await downloadOutputs(client, outputs, plan.sif, run.download, {onEvent, signal}) : [];

	return {job: jobId, final, outputs, downloaded, outcome};
}
