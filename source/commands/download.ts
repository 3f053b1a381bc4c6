import path from 'node:path';
import {UserError} from '../errors.js';
import {defaultOutDir} from '../image-build/output-folder.js';
import {followJob} from '../jobs/follow.js';
import {openSession, type SessionFlags} from '../platform/session.js';
import {downloadOutputs} from '../run/download-outputs.js';
import {resultFiles} from '../run/result-files.js';
import {withInterrupt} from './interrupt.js';
import type {Output} from './output.js';
import {checkWritableTarget} from './output-paths.js';
import {eventPrinter} from './print-events.js';

/**
 * `download JOB [DIR]`: an ended job's output files (never its inputs, such as the image) into DIR,
 * by default ./rescale-outputs/JOB, as the wizard's `d` does. No job is submitted.
 */
export async function downloadCommand([job, folder]: string[], flags: SessionFlags, output: Output): Promise<number> {
	if (job === undefined || job.trim() === '') {
		throw new UserError('download needs the id of a job', {hint: 'rescale-apptainer download JOB [DIR]; the wizard and run print the job id.'});
	}

	if (flags.out) {
		checkWritableTarget({flag: '--out', path: flags.out, kind: 'folder', nothingDone: 'nothing was downloaded'});
	}

	if (folder !== undefined) {
		checkWritableTarget({path: folder, kind: 'folder', nothingDone: 'nothing was downloaded'});
	}

	// Beside the output folder, as the wizard puts them: ./rescale-outputs/JOB by default.
	const target = folder ?? path.join(path.dirname(path.resolve(flags.out ?? defaultOutDir)), 'rescale-outputs', job);
	const print = eventPrinter(output);
	const session = await openSession(flags, print);
	try {
		const [latest] = await session.client.jobs.statuses(job);
		if (latest?.status !== 'Completed') {
			output.stderr.write(`rescale-apptainer: job ${job} has not ended (${latest ? `status ${latest.status}` : 'not submitted'}): its output files are complete only once it has. Nothing was downloaded.\n`);
			return 1;
		}

		return await withInterrupt(async signal => {
			// Rescale files a job's outputs some time after it completes: until then, wait for them as build
			// and run do, saying so, without replaying the job's statuses and log.
			const {files} = await followJob(session.client, job, {pollMs: session.pollMs, signal, onEvent(event) {
				if (event.kind === 'step' || event.kind === 'notice') {
					print(event);
				}
			}});
			const outputs = resultFiles(files);
			if (outputs.length === 0) {
				output.stdout.write(`Job ${job} has no output files to download.\n`);
				return 0;
			}

			try {
				const written = await downloadOutputs(session.client, outputs, undefined, target, {onEvent: print, signal});
				output.stdout.write(`Downloaded ${written.length} output file(s) of job ${job} into ${target} (the job's input files, such as the image, are left out).\n`);
				return 0;
			} catch (error) {
				if (error instanceof UserError) {
					throw error;
				}

				const message = signal.aborted ? 'interrupted' : error instanceof Error ? error.message : String(error);
				output.stderr.write(`rescale-apptainer: not all ${outputs.length} output file(s) of job ${job} were downloaded into ${target}: ${message}. The files stay on Rescale: run the same command again.\n`);
				return signal.aborted ? 130 : 1;
			}
		});
	} finally {
		await session.close();
	}
}
