import type {Context} from '../http/context.js';
import type {Platform} from '../platform.js';
import type {StoredFile, StoredJob} from '../store.js';

/** The job whose running log `file` is: process_output.log grows until the job completes. */
export function runningLogJob({store}: Platform, file: StoredFile): StoredJob | undefined {
	const job = file.jobId ? store.jobs.get(file.jobId) : undefined;
	return job && file.relativePath === 'process_output.log' && job.statuses.at(-1)?.status !== 'Completed' ? job : undefined;
}

/** A file as `GET /files/{id}/` and the file lists answer it. */
export function fileJson(context: Context, platform: Platform, file: StoredFile) {
	const job = runningLogJob(platform, file);
	return {
		id: file.id,
		name: file.name,
		typeId: file.typeId,
		isUploaded: true,
		decryptedSize: job ? Buffer.byteLength(platform.store.logText(job)) : file.decryptedSize,
		dateUploaded: file.dateUploaded,
		owner: platform.catalog.user.email,
		...(file.relativePath ? {relativePath: file.relativePath} : {}),
		downloadUrl: `${context.base}/api/v2/files/${file.id}/contents/`,
	};
}
