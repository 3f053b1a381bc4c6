import {gpusFor} from '../catalog.js';
import {isoDate} from '../clock.js';
import {HttpError, notFound} from '../http/http-error.js';
import {readJson} from '../http/json-body.js';
import {paginate} from '../http/pagination.js';
import {route, type Route} from '../http/router.js';
import {send} from '../http/send.js';
import type {Platform} from '../platform.js';
import {acceptJob} from '../rules/job-rules.js';
import type {StatusEntry, StoredFile, StoredJob} from '../store.js';
import {fileJson} from './file-json.js';

export function jobRoutes(platform: Platform): Route[] {
	const {store, catalog} = platform;
	/** Every read of a job first replays its simulated timeline up to now. */
	const jobOr404 = (id: string) => {
		const job = store.jobs.get(id);
		if (!job) {
			throw notFound();
		}

		store.advance(job);
		return job;
	};

	const jobJson = (job: StoredJob) => ({
		id: job.id,
		name: job.name,
		description: job.description,
		projectId: job.projectId,
		isLowPriority: job.isLowPriority,
		jobanalyses: job.jobanalyses,
		dateInserted: job.dateInserted,
		jobStatus: job.statuses.at(-1) ?? null,
		owner: catalog.user.email,
	});

	return [
		route('POST', '/api/v2/jobs/', async context => {
			const job: StoredJob = {
				...acceptJob(await readJson(context.request), platform),
				id: store.newId(),
				dateInserted: isoDate(Date.now()),
				applied: 0,
				statuses: [],
				clusterStatuses: [],
				log: [],
				outputIds: [],
			};
			store.addJob(job);
			if (platform.createJobDelayMs > 0) {
				// The job exists; only its answer is late (a window to interrupt the client in).
				await new Promise(resolve => setTimeout(resolve, platform.createJobDelayMs));
			}

			send(context, 201, jobJson(job));
		}),
		route('GET', '/api/v2/jobs/', context => {
			const state = context.url.searchParams.get('state');
			const status = context.url.searchParams.get('job_status');
			const jobs = [...store.jobs.values()].reverse().filter(job => {
				store.advance(job);
				const latest = job.statuses.at(-1)?.status;
				const completed = latest === 'Completed';
				return (state !== 'completed' || completed) && (state !== 'not_completed' || !completed)
					&& (!status || latest?.toUpperCase().replaceAll(' ', '_') === status.toUpperCase());
			});
			send(context, 200, paginate(context, jobs.map(job => jobJson(job))));
		}),
		route('GET', '/api/v2/jobs/{id}/', context => {
			send(context, 200, jobJson(jobOr404(context.params[0]!)));
		}),
		route('PATCH', '/api/v2/jobs/{id}/', async context => {
			const job = jobOr404(context.params[0]!);
			const patch = await readJson(context.request);
			// The platform silently ignores a PATCH after submit (contract, Endpoints).
			if (job.submittedAt === undefined) {
				Object.assign(job, acceptJob({...jobJson(job), ...patch}, platform));
				store.addJob(job);
			}

			send(context, 200, jobJson(job));
		}),
		route('POST', '/api/v2/jobs/{id}/submit/', context => {
			const job = jobOr404(context.params[0]!);
			if (job.submittedAt !== undefined) {
				// Stricter than needed: a client must never send submit twice (issue 9, Submit is not idempotent).
				throw new HttpError(400, {detail: 'This job has already been submitted.'});
			}

			const [analysis] = job.jobanalyses;
			const coretype = catalog.coretypes.find(candidate => candidate.code === analysis?.hardware.coreType);
			store.submit(job, {
				gpus: analysis ? gpusFor(catalog, analysis.hardware.coreType, analysis.hardware.coresPerSlot) : 0,
				gpuModel: coretype?.gpuModel,
				nvidiaSmi: coretype?.nvidiaSmi,
				sudo: !platform.nodeWithoutSudo,
			});
			send(context, 200);
		}),
		route('POST', '/api/v2/jobs/{id}/stop/', context => {
			store.stop(jobOr404(context.params[0]!));
			send(context, 202);
		}),
		route('DELETE', '/api/v2/jobs/{id}/', context => {
			const job = jobOr404(context.params[0]!);
			if (!store.isClusterStopped(job)) {
				throw new HttpError(400, {detail: 'The job cannot be deleted until its cluster has stopped.'});
			}

			store.deleteJob(job, context.url.searchParams.get('deleteInputFiles') === 'true');
			send(context, 204);
		}),
		route('GET', '/api/v2/jobs/{id}/statuses/', context => {
			send(context, 200, paginate(context, newestFirst(jobOr404(context.params[0]!).statuses)));
		}),
		route('GET', '/api/v2/jobs/{id}/cluster_statuses/', context => {
			const job = jobOr404(context.params[0]!);
			if (job.clusterStatuses.length === 0) {
				throw new HttpError(404, {detail: 'No cluster exists for this job yet.'});
			}

			send(context, 200, paginate(context, newestFirst(job.clusterStatuses)));
		}),
		route('GET', '/api/v2/jobs/{id}/runs/', context => {
			const job = jobOr404(context.params[0]!);
			const started = job.statuses.find(status => status.status === 'Executing');
			const completed = job.statuses.find(status => status.status === 'Completed');
			send(context, 200, paginate(context, started ? [{id: '1', dateStarted: started.statusDate, dateCompleted: completed?.statusDate ?? null}] : []));
		}),
		route('GET', '/api/v2/jobs/{id}/runs/{id}/tail/{path}', context => {
			const job = jobOr404(context.params[0]!);
			if (context.params[1] !== '1' || job.statuses.at(-1)?.status !== 'Executing' || context.params[2] !== 'process_output.log') {
				throw new HttpError(404, {detail: 'The file can only be tailed while the run is executing.'});
			}

			const count = Math.max(1, Number(context.url.searchParams.get('lines') ?? 100) || 100);
			send(context, 200, {fileType: 'text', lines: job.log.slice(-count).map(line => `${line}\n`)});
		}),
		route('GET', '/api/v2/jobs/{id}/files/', context => {
			const job = jobOr404(context.params[0]!);
			const search = context.url.searchParams.get('search')?.toLowerCase();
			const files = job.outputIds
				.map(id => store.files.get(id))
				.filter((file): file is StoredFile => file !== undefined && (!search || file.name.toLowerCase().includes(search)));
			send(context, 200, paginate(context, files.map(file => fileJson(context, platform, file))));
		}),
	];
}

/** The platform lists statuses newest first (contract, Endpoints); the store keeps them in order. */
function newestFirst(entries: StatusEntry[]): StatusEntry[] {
	return [...entries].reverse();
}
