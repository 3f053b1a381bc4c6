import {uploaderMayLive, type JobState, type PendingUpload} from '../platform/job-state.js';
import type {RescaleApi} from '../rescale/client.js';
import {RescaleError} from '../rescale/errors.js';
import type {RescaleFile} from '../rescale/types.js';
import type {EventSink} from './events.js';

/** How far the platform's clock may run behind this machine's when looking for a killed upload's file. */
const clockSkewMs = 10 * 60_000;

type Claims = {jobs: JobState; platform: string; planKey: string};

/** Whether a file is some record's finished upload (any plan on this platform, this one too). */
function recordedUpload(claims: Claims, file: RescaleFile): boolean {
	return claims.jobs.all().some(record => record.platform === claims.platform && record.uploads.some(upload => upload.id === file.id));
}

/** Whether another command on this platform that may still run is uploading a file of this name and size. */
function uploadingAlike(claims: Claims, file: Pick<RescaleFile, 'name' | 'decryptedSize'>): boolean {
	return claims.jobs.all().some(record => record.platform === claims.platform && record.planKey !== claims.planKey
		&& (record.pending ?? []).some(pending => pending.name === file.name && pending.size === file.decryptedSize && uploaderMayLive(pending)));
}

/**
 * For the lost-answer retries of an upload: a copy of the same name and size is someone else's
 * when a record holds it, or may be when another live command is uploading its twin right now.
 */
export function othersMayOwn(claims: Claims, onEvent: EventSink): (file: RescaleFile) => boolean {
	return file => {
		if (recordedUpload(claims, file)) {
			return true;
		}

		if (uploadingAlike(claims, file)) {
			onEvent({kind: 'notice', level: 'warning', message: `Kept ${file.name} (file id ${file.id}) although it may be a copy left by a lost answer: another command is uploading a file of that name and size and it may be its. Delete it in Rescale's Files page if no job uses it.`});
			return true;
		}

		return false;
	};
}

/**
 * Settles the uploads that were in flight when an earlier command died: the files of that name and
 * size uploaded since it started are deleted, except those a record holds, a job reads, or another
 * live command may be uploading (kept, and said). One line says what was deleted.
 */
export async function settlePendingUploads(context: {client: Pick<RescaleApi, 'files'>; onEvent: EventSink; signal?: AbortSignal}, claims: Claims, pending: PendingUpload[]): Promise<void> {
	const {client, onEvent, signal} = context;
	const candidates: RescaleFile[] = [];
	for (const upload of pending) {
		const since = Date.parse(upload.startedAt) - clockSkewMs;
		const alike = (await client.files.list(upload.name)).filter(file => file.name === upload.name && file.decryptedSize === upload.size
			&& (file.dateUploaded === undefined || Date.parse(file.dateUploaded) >= since));
		candidates.push(...alike.filter(file => !candidates.some(known => known.id === file.id)));
	}

	// Records are read after the files were listed: an upload that was listed had its record written first.
	const unclaimed = candidates.filter(file => !recordedUpload(claims, file));
	const busy = unclaimed.filter(file => uploadingAlike(claims, file));
	let free = unclaimed.filter(file => !busy.includes(file));
	let unknownJobs: RescaleFile[] = [];
	if (free.length > 0) {
		// A job can only read a file uploaded before it was created: look from the oldest candidate on.
		const uploaded = free.map(file => file.dateUploaded === undefined ? Number.NaN : Date.parse(file.dateUploaded));
		const since = Math.min(...uploaded);
		const read = Number.isNaN(since) ? undefined : await client.files.readByJobsSince(new Date(since).toISOString(), signal);
		if (read === undefined) {
			unknownJobs = free;
			free = [];
		} else {
			free = free.filter(file => !read.has(file.id));
		}
	}

	const deleted: RescaleFile[] = [];
	for (const file of free) {
		try {
			await client.files.delete(file.id);
			deleted.push(file);
		} catch (error) {
			if (!(error instanceof RescaleError) || error.kind !== 'not-found') {
				throw error;
			}
		}
	}

	if (deleted.length > 0) {
		onEvent({kind: 'notice', level: 'info', message: `Deleted ${deleted.length === 1 ? '1 upload' : `${deleted.length} uploads`} left by an interrupted run (${deleted.map(file => file.name).join(', ')}).`});
	}

	const kept = [...busy, ...unknownJobs];
	if (kept.length > 0) {
		const why = busy.length > 0 ? 'another command is uploading files of that name and size right now and they may be its' : 'too many jobs were created since to check that none reads them';
		onEvent({kind: 'notice', level: 'warning', message: `Kept ${kept.map(file => `${file.name} (file id ${file.id})`).join(', ')}, which an interrupted run may have left: ${why}. Delete them in Rescale's Files page if no job uses them.`});
	}
}
