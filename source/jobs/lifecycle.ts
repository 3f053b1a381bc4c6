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

/** The Apptainer analysis version to ask for: 1.0.1 when offered, else the newest listed. */
export async function apptainerAnalysisVersion(client: Pick<RescaleApi, 'catalog'>): Promise<string> {
	const analysis = (await client.catalog.analyses()).find(candidate => candidate.code === apptainerAnalysis);
	return analysis?.versions.find(candidate => candidate.versionCode === '1.0.1')?.versionCode ?? analysis?.versions.at(-1)?.versionCode ?? '1.0.1';
}
