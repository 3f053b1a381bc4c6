import {followJob} from '../jobs/follow.js';
import {apptainerAnalysis, apptainerAnalysisVersion, reattachSavedJob, type PipelineContext} from '../jobs/lifecycle.js';
import type {RescaleFile} from '../rescale/types.js';
import {BuildLogReader, recordImageFacts, type FailedCheck} from './build-log-reader.js';
import {likelyBuildFailure} from './diagnose.js';
import {fileSif} from './file-sif.js';
import type {BuildPlan} from './plan.js';

export {imagesFolder} from './file-sif.js';

export type BuildResult =
	| {status: 'succeeded'; job: string; sif: RescaleFile; filedIn: string | undefined}
	| {status: 'failed'; job: string; lastLines: string[]; cause: string; failedChecks: FailedCheck[]};

export type BuildRun = PipelineContext & {plan: BuildPlan};

/**
 * Builds the plan's image on Rescale: uploads the def, the script and the context, creates and
 * submits the build job (its id saved before anything else), follows it, and files the SIF in
 * `apptainer_images` as an input file. A known in-flight job for the same plan is followed instead.
 */
export async function runBuild(run: BuildRun): Promise<BuildResult> {
	const {plan, client, config, onEvent, signal} = run;
	const jobId = await reattachSavedJob(run, plan.key) ?? await createBuildJob(run);
	const lastLines: string[] = [];
	const log = new BuildLogReader();
	await followJob(client, jobId, {
		pollMs: run.pollMs,
		signal,
		onEvent(event) {
			if (event.kind === 'log') {
				lastLines.push(...event.lines);
				log.add(event.lines);
				lastLines.splice(0, Math.max(0, lastLines.length - 40));
			}

			onEvent(event);
		},
	});

	const sif = (await client.jobs.files(jobId)).find(file => file.name === `${plan.name}.sif`) ?? (await client.jobs.files(jobId)).find(file => file.name.endsWith('.sif'));
	if (!sif) {
		config.forgetJob(plan.key);
		return {status: 'failed', job: jobId, lastLines: lastLines.slice(-15), cause: likelyBuildFailure(lastLines), failedChecks: log.failed};
	}

	recordImageFacts(plan, log.facts);
	const {filedIn} = await fileSif(client, sif, onEvent);
	config.forgetJob(plan.key);
	return {status: 'succeeded', job: jobId, sif, filedIn};
}

async function createBuildJob({plan, client, config, platform, projectId, onEvent, signal}: BuildRun): Promise<string> {
	const uploads = [plan.defFile, plan.scriptFile, ...(plan.context.mode === 'upload' ? [plan.context.archive] : []), ...plan.extraUploads];
	const uploaded: RescaleFile[] = [];
	try {
		for (const file of uploads) {
			 
			uploaded.push(await client.files.upload(file, {onProgress: onEvent, signal}));
		}
	} catch (error) {
		// Nothing was created yet: leave nothing behind either.
		await Promise.allSettled(uploaded.map(file => client.files.delete(file.id)));
		throw error;
	}

	const version = await apptainerAnalysisVersion(client, onEvent);
	const job = await client.jobs.create({
		name: plan.jobName,
		description: 'Apptainer Image Build Job (rescale-apptainer)',
		isLowPriority: plan.hardware.lowPriority,
		...(projectId ? {projectId} : {}),
		jobanalyses: [{
			analysis: {code: apptainerAnalysis, version},
			command: 'sh build_script.sh',
			hardware: {coreType: plan.hardware.coreType, coresPerSlot: plan.hardware.coresPerSlot, slots: 1, walltime: plan.hardware.walltime, type: 'compute'},
			inputFiles: uploaded.map(file => ({id: file.id, decompress: false})),
		}],
	}, signal);
	config.rememberJob(plan.key, {jobId: job.id, kind: 'build', name: plan.jobName, platform});
	onEvent({kind: 'job', action: 'created', job: job.id, name: plan.jobName});
	await client.jobs.submit(job.id);
	onEvent({kind: 'job', action: 'submitted', job: job.id, name: plan.jobName});
	return job.id;
}
