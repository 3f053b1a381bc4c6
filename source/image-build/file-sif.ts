import type {EventSink} from '../jobs/events.js';
import type {RescaleApi} from '../rescale/client.js';
import {RescaleError} from '../rescale/errors.js';
import type {RescaleFile} from '../rescale/types.js';

export const imagesFolder = 'apptainer_images';

/**
 * Makes the built SIF an input file (what later jobs need), then files it in `apptainer_images`
 * (what people look for). Each call is retried on its own by the transport; the type change comes
 * first so that a failing folder step still leaves a usable image, and says so.
 */
export async function fileSif(client: Pick<RescaleApi, 'folders'>, sif: RescaleFile, onEvent: EventSink): Promise<{filedIn: string | undefined}> {
	onEvent({kind: 'step', message: `Filing ${sif.name} in ${imagesFolder} as an input file`});
	await client.folders.changeFileType([sif.id], 1);
	try {
		const folder = await client.folders.ensure(imagesFolder);
		await client.folders.addFiles(folder.id, [sif.id]);
		return {filedIn: imagesFolder};
	} catch (error) {
		if (!(error instanceof RescaleError) || error.kind === 'cancelled') {
			throw error;
		}

		onEvent({kind: 'notice', level: 'warning', message: `${sif.name} (file id ${sif.id}) is an input file and ready to run, but filing it in ${imagesFolder} failed: ${error.message} Find it by name in your files, or move it into ${imagesFolder} in the Rescale web UI.`});
		return {filedIn: undefined};
	}
}
