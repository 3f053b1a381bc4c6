import {mkdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {quoteWord} from '../apptainer/shell-quote.js';
import type {EventSink} from '../jobs/events.js';
import type {RescaleApi} from '../rescale/client.js';
import type {RescaleFile} from '../rescale/types.js';
import {UserError} from '../errors.js';
import {defaultOutDir} from '../image-build/output-folder.js';
import {downloadPaths} from './download-paths.js';
import {resultFiles} from './result-files.js';

/**
 * Downloads a run's output files (never its inputs, such as the image, when known) into `folder`,
 * one after another with `download` progress events; returns the paths written.
 */
export async function downloadOutputs(client: Pick<RescaleApi, 'files'>, outputs: RescaleFile[], image: RescaleFile | undefined, folder: string, options: {onEvent: EventSink; signal?: AbortSignal}): Promise<string[]> {
	if (statSync(folder, {throwIfNoEntry: false})?.isDirectory() === false) {
		throw new UserError(`${folder} is an existing file, not a folder: nothing was downloaded`, {hint: 'Move or rename that file, then download again.'});
	}

	const files = resultFiles(outputs, image);
	const targets = downloadPaths(folder, files.map(file => file.relativePath ?? file.name));
	const downloaded: string[] = [];
	for (const [index, file] of files.entries()) {
		const target = targets[index]!;
		mkdirSync(path.dirname(target), {recursive: true});
		await client.files.download(file.id, target, {onProgress: options.onEvent, signal: options.signal});
		downloaded.push(target);
	}

	return downloaded;
}

/** The headless command that downloads an ended job's output files into `folder`: no new job. */
export function headlessDownloadCommand(job: string, folder: string, where: {sandbox: true; out: string} | {sandbox: false; platform: string}): string {
	// The embedded sandbox keeps its jobs under the output folder: another one than the default is named.
	const platform = where.sandbox ? ['--sandbox', ...(path.resolve(where.out) === path.resolve(defaultOutDir) ? [] : ['--out', where.out])] : ['--platform', where.platform];
	return ['rescale-apptainer', 'download', job, folder, ...platform].map(word => quoteWord(word)).join(' ');
}
