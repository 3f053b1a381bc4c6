import type {ConfigStore} from '../platform/config.js';
import type {RescaleApi} from '../rescale/client.js';
import type {EventSink} from './events.js';

export const apptainerAnalysis = 'user_included_apptainer_container';

/** What the build and run pipelines share: where they talk, where they report, how they stop. */
export type PipelineContext = {
	client: RescaleApi;
	config: ConfigStore;
	/** Stable name of the platform for saved jobs (see Session.platformId). */
	platform: string;
	onEvent: EventSink;
	signal?: AbortSignal;
	/** Start another job even if one for this plan is still known. */
	newJob?: boolean;
	pollMs: number;
	/** The project the jobs are charged to, when the account uses projects. */
	projectId?: string;
};

/** The version the tool was written and tested against. */
export const preferredAnalysisVersion = '1.0.1';

/**
 * The Apptainer analysis version to ask for: 1.0.1 when offered, else the newest listed (Rescale
 * lists versions newest first), said on `onEvent` since the job then runs on an untested version.
 */
export async function apptainerAnalysisVersion(client: Pick<RescaleApi, 'catalog'>, onEvent?: EventSink): Promise<string> {
	const analysis = (await client.catalog.analyses()).find(candidate => candidate.code === apptainerAnalysis);
	if (!analysis || analysis.versions.some(candidate => candidate.versionCode === preferredAnalysisVersion)) {
		return preferredAnalysisVersion;
	}

	const newest = analysis.versions[0]?.versionCode ?? preferredAnalysisVersion;
	onEvent?.({kind: 'notice', level: 'info', message: `${apptainerAnalysis} ${preferredAnalysisVersion} is not offered here; using ${newest}, the newest version listed (offered: ${analysis.versions.map(version => version.versionCode).join(', ')}).`});
	return newest;
}
