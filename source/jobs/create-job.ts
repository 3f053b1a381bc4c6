import {stat} from 'node:fs/promises';
import path from 'node:path';
import {pendingUpload, type JobRecord, type TrackedUpload} from '../platform/job-state.js';
import type {RescaleApi} from '../rescale/client.js';
import {RescaleError} from '../rescale/errors.js';
import {newJobToken} from '../rescale/jobs.js';
import {isAmbiguous} from '../rescale/transport.js';
import type {JobRequest, RescaleFile} from '../rescale/types.js';
import type {EventSink} from './events.js';
import {othersMayOwn, settlePendingUploads} from './pending-uploads.js';
import type {PipelineContext} from './lifecycle.js';

/** One job the build or run pipeline wants on the platform: what to upload, then what to create. */
export type JobDraft = {
	kind: 'build' | 'run';
	planKey: string;
	name: string;
	/** Local files uploaded before the job is created, in this order. */
	uploads: string[];
	request: (uploaded: RescaleFile[]) => Promise<JobRequest>;
};

/**
 * The job for this plan, created at most once however the command is interrupted. Before anything
 * is sent a record is written with a token the job will carry; every upload is added to it as it
 * lands; the job id replaces the doubt when the platform returns it. A later run reads the record:
 * a known job is reattached, a job in doubt is looked up by its token, and uploads no job uses are
 * deleted, each step said in an event. With `newJob` (--new) the record is settled the same way
 * before a new job replaces it, but its job, if it exists, is named and left as it is.
 */
export async function createOrReattachJob(context: PipelineContext, draft: JobDraft): Promise<string> {
	const {config} = context;
	config.jobs.checkWritable();
	const saved = config.jobs.get(draft.planKey);
	if (saved) {
		const reattached = await settleSavedRecord(context, draft, saved);
		if (reattached) {
			return reattached;
		}
	}

	return createJob(context, draft);
}

/** A job id from the record (or found by its token) to follow, or undefined once what the record held is settled. */
async function settleSavedRecord(context: PipelineContext, draft: JobDraft, saved: JobRecord): Promise<string | undefined> {
	const {client, config, onEvent, signal} = context;
	const jobId = await recordedJob(context, saved);
	if (jobId === undefined) {
		// The record is replaced below, so a file that cannot be deleted now is named for the user to delete.
		await deleteUploads(client, saved.uploads, onEvent, 'an earlier attempt that was interrupted before its job existed', false);
		await settlePendingUploads(context, claimsOf(context, draft.planKey), saved.pending ?? []);
		config.jobs.forget(draft.planKey);
		return undefined;
	}

	const statuses = await client.jobs.statuses(jobId, signal);
	if (context.newJob) {
		// Its uploads are its inputs: kept with it. The record is replaced by the new job's.
		onEvent({kind: 'notice', ...leftAsItIs(jobId, statuses[0]?.status)});
		return undefined;
	}

	if (saved.jobId === undefined) {
		config.jobs.save(draft.planKey, {...saved, jobId});
		onEvent({kind: 'notice', level: 'info', message: `An earlier attempt was interrupted while Rescale created job ${jobId}; using that job, not creating another.`});
	}

	onEvent({kind: 'job', action: 'reattached', job: jobId, name: saved.name});
	if (statuses.length === 0) {
		await client.jobs.submit(jobId, signal);
		onEvent({kind: 'job', action: 'submitted', job: jobId, name: saved.name});
	}

	return jobId;
}

/** The record's job as the platform knows it: its saved id, or the one its token finds; undefined when there is none. */
async function recordedJob({client, signal}: PipelineContext, saved: JobRecord): Promise<string | undefined> {
	if (saved.jobId === undefined) {
		return (await client.jobs.findByToken(saved.token, signal))?.id;
	}

	try {
		await client.jobs.get(saved.jobId);
		return saved.jobId;
	} catch (error) {
		if (!(error instanceof RescaleError) || error.kind !== 'not-found') {
			throw error;
		}

		return undefined;
	}
}

/** What --new leaves behind of the earlier job for this plan, by its newest status. */
function leftAsItIs(jobId: string, status: string | undefined): {level: 'info' | 'warning'; message: string} {
	if (status === undefined) {
		return {level: 'warning', message: `Job ${jobId} of an earlier attempt was created but never submitted; --new leaves it so (nothing runs, its input files stay with it) and creates another. Delete it in Rescale's Jobs page if you do not want it.`};
	}

	if (status === 'Completed') {
		return {level: 'info', message: `Job ${jobId} of an earlier attempt has finished; --new starts another.`};
	}

	return {level: 'warning', message: `Job ${jobId} of an earlier attempt keeps running on Rescale (${status}); --new starts another beside it and no longer follows it. Stop it in Rescale's Jobs page if you do not need it.`};
}

async function createJob(context: PipelineContext, draft: JobDraft): Promise<string> {
	const {client, config, onEvent, signal} = context;
	const record: JobRecord = {kind: draft.kind, name: draft.name, platform: context.platform, token: newJobToken(), uploads: [], savedAt: new Date().toISOString()};
	config.jobs.save(draft.planKey, record);
	const uploaded: RescaleFile[] = [];
	let job;
	let createSent = false;
	try {
		for (const file of draft.uploads) {
			// Written before the request: a kill -9 mid-upload leaves a trace the next run settles.
			const {size} = await stat(file).catch(() => ({size: -1}));
			record.pending = [pendingUpload(path.basename(file), size)];
			config.jobs.save(draft.planKey, record);
			const done = await client.files.upload(file, {
				onProgress: onEvent,
				signal,
				claimed: othersMayOwn(claimsOf(context, draft.planKey), onEvent),
				onOrphan(orphan) {
					onEvent({kind: 'notice', level: 'info', message: `The answer to the upload of ${orphan.name} was lost although the file arrived; deleted that copy (file id ${orphan.id}) before sending it again.`});
				},
			});
			uploaded.push(done);
			record.uploads.push({id: done.id, name: done.name});
			record.pending = [];
			config.jobs.save(draft.planKey, record);
		}

		const request = await draft.request(uploaded);
		createSent = true;
		job = await client.jobs.create(request, {token: record.token, signal});
	} catch (error) {
		if (createSent && mayHaveCreated(error)) {
			// Kept: the next run looks the token up and either follows that job or deletes the uploads.
			throw error;
		}

		// A cancelled upload may still have landed: its pending entry stays for the next run to settle.
		const pending = error instanceof RescaleError && error.kind === 'cancelled' ? record.pending ?? [] : [];
		await deleteUploads(client, record.uploads, onEvent, 'this attempt (no job was created)', true).then(left => {
			if (left.length > 0 || pending.length > 0) {
				config.jobs.save(draft.planKey, {...record, uploads: left, pending});
			} else {
				config.jobs.forget(draft.planKey);
			}
		});
		throw error;
	}

	config.jobs.save(draft.planKey, {...record, jobId: job.id});
	onEvent({kind: 'job', action: 'created', job: job.id, name: draft.name});
	await client.jobs.submit(job.id, signal);
	onEvent({kind: 'job', action: 'submitted', job: job.id, name: draft.name});
	return job.id;
}

function claimsOf(context: PipelineContext, planKey: string) {
	return {jobs: context.config.jobs, platform: context.platform, planKey};
}

/** Whether a failure of the create request leaves it unknown whether the job exists. */
function mayHaveCreated(error: unknown): boolean {
	return error instanceof RescaleError && (isAmbiguous(error) || error.kind === 'cancelled' || error.kind === 'malformed');
}

/** Deletes uploads no job uses and says so; returns those that could not be deleted (named in a warning that says whether a later run retries). */
async function deleteUploads(client: Pick<RescaleApi, 'files'>, uploads: TrackedUpload[], onEvent: EventSink, whose: string, retriedLater: boolean): Promise<TrackedUpload[]> {
	if (uploads.length === 0) {
		return [];
	}

	const results = await Promise.allSettled(uploads.map(async upload => client.files.delete(upload.id)));
	const left = uploads.filter((_upload, index) => {
		const result = results[index]!;
		return result.status === 'rejected' && !(result.reason instanceof RescaleError && result.reason.kind === 'not-found');
	});
	const deleted = uploads.filter(upload => !left.includes(upload));
	if (deleted.length > 0) {
		onEvent({kind: 'notice', level: 'info', message: `Deleted ${deleted.length} file(s) uploaded by ${whose}: ${deleted.map(upload => upload.name).join(', ')}.`});
	}

	if (left.length > 0) {
		onEvent({kind: 'notice', level: 'warning', message: `Could not delete ${left.map(upload => `${upload.name} (file id ${upload.id})`).join(', ')}; ${retriedLater ? 'the next run tries again, or delete' : 'delete'} them in Rescale's Files page.`});
	}

	return left;
}
