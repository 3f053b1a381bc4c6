import {apptainerAnalysis, preferredAnalysisVersion} from '../jobs/lifecycle.js';
import {buildHardwareDefaults, formatDollars, hourlyPrice} from '../jobs/hardware.js';
import type {RescaleApi} from '../rescale/client.js';
import type {RateLimit} from '../rescale/transport.js';
import {RescaleError} from '../rescale/errors.js';
import {isGpuCoretype, type Coretype} from '../rescale/types.js';
import type {Project} from './project.js';

/** One preflight check: what was checked, how it went, and what to do when it failed. */
export type DoctorCheck = {check: string; ok: boolean; detail: string; todo?: string};

export type DoctorSession = {client: Pick<RescaleApi, 'users' | 'catalog' | 'folders' | 'jobs'> & {readonly rateLimit?: RateLimit}; label: string; project: Project | undefined};

/**
 * Read-only checks of a key and platform, so that a first-time user learns in seconds, not after
 * a paid job, what is missing: nothing is created, uploaded or submitted. A key that is refused
 * stops the checks there, since every other call would be refused too.
 */
export async function runDoctorChecks(session: DoctorSession): Promise<DoctorCheck[]> {
	const {client} = session;
	const checks: DoctorCheck[] = [{check: 'platform', ok: true, detail: session.label}];
	const key = await attempt('API key', async () => {
		const user = await client.users.me();
		return {ok: true, detail: `valid, for ${user.email}${user.maxJobHours ? ` (jobs up to ${user.maxJobHours} h)` : ''}`};
	});
	checks.push(key);
	if (!key.ok) {
		return checks;
	}

	checks.push(
		await attempt('Apptainer analysis', async () => {
			const analysis = (await client.catalog.analyses()).find(candidate => candidate.code === apptainerAnalysis);
			if (!analysis) {
				return {ok: false, detail: `${apptainerAnalysis} is not offered to this account`, todo: 'Ask your Rescale administrator to enable "Bring Your Own Apptainer Container".'};
			}

			const versions = analysis.versions.map(version => version.versionCode);
			const used = versions.includes(preferredAnalysisVersion) ? preferredAnalysisVersion : versions[0];
			return used === undefined
				? {ok: false, detail: `${apptainerAnalysis} lists no version`, todo: 'Ask Rescale support which version to use.'}
				: {ok: true, detail: `${apptainerAnalysis}, versions ${versions.join(', ')} (jobs use ${used})`};
		}),
		...await coretypeChecks(client),
		await attempt('projects', async () => {
			const projects = await client.users.projects();
			if (session.project) {
				return {ok: true, detail: `jobs are charged to ${session.project.name} (${session.project.id})`};
			}

			return projects.length === 0
				? {ok: true, detail: 'the account has none, so jobs need none'}
				: {ok: true, detail: `the account has ${projects.length}: ${projects.slice(0, 5).map(project => `${project.name} (${project.id})`).join(', ')}${projects.length > 5 ? ', ...' : ''}. If your workspace requires one, pass --project ID|NAME or set RESCALE_PROJECT.`};
		}),
		await attempt('file folders (v3)', async () => {
			const folders = await client.folders.list();
			return {ok: true, detail: `reachable (${folders.length} folder(s))`};
		}),
		await attempt('unfinished jobs', async () => {
			// What already runs on the account (and may be billing) before another job is added.
			const jobs = await client.jobs.list({state: 'not_completed'});
			return {ok: true, detail: jobs.length === 0 ? 'none' : `${jobs.length}: ${jobs.slice(0, 5).map(job => `${job.name} (${job.id})`).join(', ')}${jobs.length > 5 ? ', ...' : ''}`};
		}),
		...rateLimitCheck(client.rateLimit),
	);
	return checks;
}

async function coretypeChecks(client: Pick<RescaleApi, 'catalog'>): Promise<DoctorCheck[]> {
	let coretypes: Coretype[];
	try {
		coretypes = await client.catalog.coretypes();
	} catch (error) {
		return [failed('coretypes', error)];
	}

	const build = coretypes.find(coretype => coretype.code === buildHardwareDefaults.coretype);
	const buildHourly = build && hourlyPrice(build, buildHardwareDefaults.cores);
	const gpus = coretypes.filter(coretype => isGpuCoretype(coretype));
	return [
		build
			? {check: 'build coretype', ok: true, detail: `${build.name} (${build.code})${buildHourly === undefined ? '' : `, ${formatDollars(buildHourly)}/h for ${buildHardwareDefaults.cores} cores`}`}
			: {check: 'build coretype', ok: false, detail: `${buildHardwareDefaults.coretype} is not available to this account`, todo: `Pass --coretype CODE to build with a CPU coretype you have: ${coretypes.filter(coretype => !isGpuCoretype(coretype)).slice(0, 5).map(coretype => coretype.code).join(', ') || 'none listed'}.`},
		gpus.length > 0
			? {check: 'GPU coretypes', ok: true, detail: gpus.map(coretype => describeGpuCoretype(coretype)).join('; ')}
			: {check: 'GPU coretypes', ok: false, detail: 'none available to this account', todo: 'Ask your Rescale administrator for access to a GPU coretype.'},
	];
}

/** `aquamarine_v3: 1-8 GPU(s), 18.2 GB per core, $0.84/core-h, must be requested`. */
function describeGpuCoretype(coretype: Coretype): string {
	const counts = coretype.gpuCounts.filter(count => count > 0);
	return [
		`${coretype.code}: ${Math.min(...counts)}-${Math.max(...counts)} GPU(s)`,
		...(coretype.memory === undefined ? [] : [`${(coretype.memory / 1024).toFixed(1)} GB per core`]),
		...(coretype.price === undefined ? [] : [`${formatDollars(coretype.price)}/core-h`]),
		...(coretype.mustBeRequested ? ['must be requested from Rescale first'] : []),
	].join(', ');
}

async function attempt(check: string, run: () => Promise<Omit<DoctorCheck, 'check'>>): Promise<DoctorCheck> {
	try {
		return {check, ...await run()};
	} catch (error) {
		return failed(check, error);
	}
}

function failed(check: string, error: unknown): DoctorCheck {
	if (error instanceof RescaleError) {
		return {check, ok: false, detail: error.message, todo: error.hint};
	}

	throw error;
}

/** Following a build and a run takes a few hundred requests an hour (statuses, log tails); fewer left risks throttling. */
const lowHeadroom = 500;

/** Shown only when the platform's answers carry rate-limit headers. */
function rateLimitCheck(rateLimit: RateLimit | undefined): DoctorCheck[] {
	if (!rateLimit) {
		return [];
	}

	const detail = `${rateLimit.remaining} of ${rateLimit.limit} requests left this hour`;
	return [rateLimit.remaining >= Math.min(lowHeadroom, rateLimit.limit / 10)
		? {check: 'rate limit', ok: true, detail}
		: {check: 'rate limit', ok: false, detail, todo: 'Another script may be using this key heavily; wait for the hour to turn, or slow it down (requests are throttled with 429 when none are left).'}];
}
