import {mkdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {quoteWord} from '../apptainer/shell-quote.js';
import type {EventSink} from '../jobs/events.js';
import type {RescaleApi} from '../rescale/client.js';
import type {Hardware} from '../jobs/hardware.js';
import type {Coretype, RescaleFile} from '../rescale/types.js';
import {UserError} from '../errors.js';
import {downloadPaths} from './download-paths.js';
import {resultFiles} from './result-files.js';

/**
 * Downloads a run's output files (never its inputs, such as the image) into `folder`, one after
 * another with `download` progress events; returns the paths written.
 */
export async function downloadOutputs(client: Pick<RescaleApi, 'files'>, outputs: RescaleFile[], image: RescaleFile, folder: string, options: {onEvent: EventSink; signal?: AbortSignal}): Promise<string[]> {
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

/**
 * The headless command that runs this plan and downloads its outputs into `folder` when it ends.
 * There is no command that downloads an ended job's files, so it submits a new job: callers say so.
 */
export function headlessRunCommand(plan: {sif: RescaleFile; coretype: Pick<Coretype, 'code'>; hardware: Pick<Hardware, 'coresPerSlot' | 'walltime' | 'lowPriority'>; command: string}, folder: string, where: {sandbox: true} | {sandbox: false; platform: string; project?: string}): string {
	const platform = where.sandbox ? ['--sandbox'] : ['--platform', where.platform, ...(where.project ? ['--project', where.project] : [])];
	const words = ['rescale-apptainer', 'run', ...platform, '--sif', plan.sif.id, '--coretype', plan.coretype.code, '--cores', String(plan.hardware.coresPerSlot), '--walltime', String(plan.hardware.walltime), ...(plan.hardware.lowPriority ? ['--low-priority'] : []), '--download', folder];
	return `${words.map(word => quoteWord(word)).join(' ')} -- ${plan.command}`;
}
