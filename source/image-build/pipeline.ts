import {followJob} from '../jobs/follow.js';
import {createOrReattachJob} from '../jobs/create-job.js';
import {apptainerAnalysis, apptainerAnalysisVersion, type PipelineContext} from '../jobs/lifecycle.js';
import type {RescaleFile} from '../rescale/types.js';
import {BuildLogReader, recordImageFacts, type FailedCheck} from './build-log-reader.js';
import {likelyBuildFailure, stoppedReason} from './diagnose.js';
import {fileSif} from './file-sif.js';
import type {BuildPlan} from './plan.js';

export {imagesFolder} from './file-sif.js';

export type BuildResult =
	| {status: 'succeeded'; job: string; sif: RescaleFile; filedIn: string | undefined}
	/** `stopped`: the platform's reason when the job was stopped (here or on its web page) before it filed an image. */
	| {status: 'failed'; job: string; lastLines: string[]; cause: string; failedChecks: FailedCheck[]; stopped?: string};

export type BuildRun = PipelineContext & {plan: BuildPlan};

/**
 * Builds the plan's image on Rescale: uploads the def, the script and the context, creates and
 * submits the build job (its id saved before anything else), follows it until Rescale has filed
 * its SIF (or its cluster has stopped without one: a failed build), and files the SIF in
 * `apptainer_images` as an input file, and remembers it by the plan's identity (see earlierImage).
 * A known in-flight job for the same plan is followed instead.
 */
export async function runBuild(run: BuildRun): Promise<BuildResult> {
	const {plan, client, config, onEvent, signal} = run;
	const jobId = await createBuildJob(run);
	const lastLines: string[] = [];
	const log = new BuildLogReader();
	const {final, files} = await followJob(client, jobId, {
		pollMs: run.pollMs,
		signal,
		outputsReady: listed => listed.some(file => file.name.endsWith('.sif')),
		onEvent(event) {
			if (event.kind === 'log') {
				lastLines.push(...event.lines);
				log.add(event.lines);
				lastLines.splice(0, Math.max(0, lastLines.length - 40));
			}

			onEvent(event);
		},
	});

	const sif = files.find(file => file.name === `${plan.name}.sif`) ?? files.find(file => file.name.endsWith('.sif'));
	if (!sif) {
		config.forgetJob(plan.key);
		const stopped = stoppedReason(final);
		return {status: 'failed', job: jobId, lastLines: lastLines.slice(-15), cause: likelyBuildFailure(lastLines, stopped), failedChecks: log.failed, ...(stopped === undefined ? {} : {stopped})};
	}

	recordImageFacts(plan, log.facts);
	const {filedIn} = await fileSif(client, sif, onEvent);
	if (plan.identity) {
		config.images.save(plan.identity, {platform: run.platform, sifId: sif.id, sifName: sif.name, jobId, builtAt: new Date().toISOString()});
	}

	config.forgetJob(plan.key);
	return {status: 'succeeded', job: jobId, sif, filedIn};
}

/** The build job for the plan, created once (see createOrReattachJob) from the def, the script and the context. */
async function createBuildJob(run: BuildRun): Promise<string> {
	const {plan, client, projectId} = run;
	return createOrReattachJob(run, {
		kind: 'build',
		planKey: plan.key,
		name: plan.jobName,
		uploads: [plan.defFile, plan.scriptFile, ...(plan.context.mode === 'upload' ? [plan.context.archive] : []), ...plan.extraUploads],
		request: async uploaded => ({
			name: plan.jobName,
			description: 'Apptainer Image Build Job (rescale-apptainer)',
			isLowPriority: plan.hardware.lowPriority,
			...(projectId ? {projectId} : {}),
			jobanalyses: [{
				analysis: {code: apptainerAnalysis, version: await apptainerAnalysisVersion(client, run.onEvent)},
				command: 'sh build_script.sh',
				hardware: {coreType: plan.hardware.coreType, coresPerSlot: plan.hardware.coresPerSlot, slots: 1, walltime: plan.hardware.walltime, type: 'compute'},
				inputFiles: uploaded.map(file => ({id: file.id, decompress: false})),
			}],
		}),
	});
}
