import {describeRunPlan, prepareRun, runJob} from '../run/pipeline.js';
import {checkDownloadFolder} from '../run/download-paths.js';
import {formatBytes} from '../format.js';
import {checkWalltime, runWalltimeDefault} from '../jobs/hardware.js';
import {openSession, type SessionFlags} from '../platform/session.js';
import type {CommandFlags} from './flags.js';
import {withInterrupt} from './interrupt.js';
import type {Output} from './output.js';
import {checkWritableTarget} from './output-paths.js';
import {describeOutcome} from '../run/describe-outcome.js';
import {eventPrinter} from './print-events.js';
import {confirmSubmission, reportInterruption} from './submission.js';

export type RunFlags = SessionFlags & Pick<CommandFlags, 'yes' | 'new' | 'stopOnExit' | 'sif' | 'coretype' | 'cores' | 'walltime' | 'download' | 'lowPriority' | 'force'>;

/** `run --sif NAME|ID --coretype CODE [-- COMMAND]`: check, submit, follow, collect the outputs. */
export async function runCommandLine(command: string[], flags: RunFlags, output: Output): Promise<number> {
	const print = eventPrinter(output);
	const walltime = flags.walltime ?? runWalltimeDefault;
	checkWalltime(walltime);
	if (flags.out) {
		checkWritableTarget({flag: '--out', path: flags.out, kind: 'folder', nothingDone: 'nothing was submitted'});
	}

	if (flags.download) {
		checkDownloadFolder(flags.download);
	}

	const session = await openSession(flags, print);
	try {
		checkWalltime(walltime, (await session.client.users.me()).maxJobHours);
		const plan = await prepareRun(session.client, {
			sif: flags.sif,
			coretype: flags.coretype,
			cores: flags.cores,
			walltime: flags.walltime,
			command,
			outDir: flags.out,
			platform: session.platformId,
			lowPriority: flags.lowPriority,
			force: flags.force,
		});
		for (const warning of plan.warnings) {
			print({kind: 'notice', level: 'warning', message: warning});
		}

		for (const line of describeRunPlan(plan)) {
			print({kind: 'step', message: line});
		}

		if (!await confirmSubmission(flags.yes, session, 'job', output)) {
			return 1;
		}

		return await withInterrupt(async signal => {
			try {
				const result = await runJob({plan, client: session.client, config: session.config, platform: session.platformId, projectId: session.project?.id, onEvent: print, signal, newJob: flags.new, pollMs: session.pollMs, download: flags.download});
				output.stdout.write(`Job ${result.job} ${result.final.status}${result.final.statusReason ? ` (${result.final.statusReason})` : ''}. Output files:\n${result.outputs.map(file => `  ${file.relativePath ?? file.name}  ${formatBytes(file.decryptedSize ?? 0)}  (id ${file.id})`).join('\n')}\n`);
				if (result.downloaded.length > 0) {
					output.stdout.write(`Downloaded ${result.downloaded.length} file(s) into ${flags.download} (the job's input files, such as the image, are left out).\n`);
				}

				output.stdout.write(`${describeOutcome(result.outcome).join('\n')}\n`);
				return result.outcome.succeeded ? 0 : 1;
			} catch (error) {
				return reportInterruption(error, signal, {session, planKey: plan.key, stopOnExit: flags.stopOnExit, output, again: 'the same rescale-apptainer run command'});
			}
		});
	} finally {
		await session.close();
	}
}
