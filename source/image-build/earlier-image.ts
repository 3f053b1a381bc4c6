import {formatBytes} from '../format.js';
import type {ConfigStore} from '../platform/config.js';
import type {BuiltImageRecord} from '../platform/built-images.js';
import type {RescaleApi} from '../rescale/client.js';
import {RescaleError} from '../rescale/errors.js';
import type {BuildPlan} from './plan.js';

/** An image built earlier from the plan's def and context, still on the platform: its file's name and size as they are now. */
export type EarlierImage = BuiltImageRecord & {size: number};

/**
 * How long the check may take: it decides whether to offer an image, never whether the user can go
 * on. Only a refusal before any work (429, 503) is retried in that time: a throttled check that gave
 * up would plan a second paid build of an image the user has; a broken platform is said at once.
 */
const checkDeadlineMs = 15_000;

/**
 * The image an earlier build on this platform made from the same def and context (the plan's
 * identity), if its SIF is still there: `image`. Otherwise `whyNewBuild` says in one line why a
 * new build is planned though one was built: its SIF is gone (404; the record is forgotten), or
 * the check failed (which blocks nothing). Cancelled with `signal`, like the rest of planning.
 */
export async function earlierImage(client: Pick<RescaleApi, 'files'>, config: Pick<ConfigStore, 'images' | 'jobs'>, plan: Pick<BuildPlan, 'identity' | 'key'>, platform: string, signal?: AbortSignal): Promise<{image: EarlierImage} | {whyNewBuild: string} | undefined> {
	const record = plan.identity ? config.images.get(plan.identity) : undefined;
	// A run of this very plan left unfinished (its job in flight, or its uploads to clean up) was
	// asked for after the image was built: the same command finishes it, as it said it would.
	if (!plan.identity || record?.platform !== platform || config.jobs.get(plan.key)) {
		return undefined;
	}

	try {
		const file = await client.files.get(record.sifId, {signal, retry: 'unprocessed', deadlineMs: checkDeadlineMs});
		return {image: {...record, sifName: file.name, size: file.decryptedSize ?? 0}};
	} catch (error) {
		if (!(error instanceof RescaleError) || error.kind === 'cancelled') {
			throw error;
		}

		const built = `The image built earlier from this def and context (${record.sifName}, file id ${record.sifId})`;
		if (error.kind === 'not-found') {
			config.images.forget(plan.identity);
			return {whyNewBuild: `${built} is no longer in your files (deleted since), so a new build is planned.`};
		}

		return {whyNewBuild: `${built} could not be checked (${error.message.replace(/\.$/, '')}), so a new build is planned.`};
	}
}

/** `gauge.sif (file id X, 36.3 KB), built 2026-11-30 04:10 UTC by job J`: what the wizard and build show. */
export function describeEarlierImage(image: EarlierImage): string {
	const when = Number.isNaN(Date.parse(image.builtAt)) ? image.builtAt : `${new Date(image.builtAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
	return `${image.sifName} (file id ${image.sifId}, ${formatBytes(image.size)}), built ${when} by job ${image.jobId}`;
}
