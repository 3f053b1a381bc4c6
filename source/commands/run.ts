import {UserError} from '../errors.js';
import {RescaleError} from '../rescale/errors.js';
import {prepareRun, runJob} from '../run/pipeline.js';
import {confirm, withInterrupt} from './interrupt.js';
import type {Output} from './output.js';
import {eventPrinter, formatBytes} from './print-events.js';
import {openSession, type SessionFlags} from './session.js';

export type RunFlags = SessionFlags & {
	yes: boolean;
	new: boolean;
	stopOnExit: boolean;
	sif: string | undefined;
	coretype: string | undefined;
	cores: number | undefined;
	walltime: number | undefined;
	download: string | undefined;
};

/** `run --sif NAME|ID --coretype CODE [-- COMMAND]`: check, submit, follow, collect the outputs. */
export async function runCommandLine(command: string[], flags: RunFlags, output: Output): Promise<number> {
	const print = eventPrinter(output);
	const session = await openSession(flags, print);
	try {
		const plan = await prepareRun(session.client, {
			sif: flags.sif,
			coretype: flags.coretype,
			cores: flags.cores,
			walltime: flags.walltime ?? 1,
			command,
			outDir: flags.out,
			platform: session.platformId,
		});
		for (const warning of plan.warnings) {
			print({kind: 'notice', level: 'warning', message: warning});
		}

		const gpus = plan.coretype.gpuCounts[plan.coretype.cores.indexOf(plan.cores)] ?? 0;
		print({kind: 'step', message: `Plan: ${plan.command}`});
		print({kind: 'step', message: `on ${plan.coretype.name} (${plan.coretype.code}), ${plan.cores} cores, ${gpus} GPU(s), ${plan.walltime} h walltime${plan.maxCost === undefined ? '' : `, at most $${plan.maxCost.toFixed(2)} for the full walltime`}`});
		if (!flags.yes && !session.embeddedSandbox) {
			const answer = await confirm('Submit the job to Rescale? It is billed while it runs.');
			if (answer === undefined) {
				throw new UserError('not submitting a paid job without confirmation', {hint: 'Add --yes to submit from a script.'});
			}

			if (!answer) {
				output.stdout.write('Not submitted.\n');
				return 1;
			}
		}

		return await withInterrupt(async signal => {
			try {
				const result = await runJob({plan, client: session.client, config: session.config, platform: session.platformId, onEvent: print, signal, newJob: flags.new, pollMs: session.pollMs, download: flags.download});
				output.stdout.write(`Job ${result.job} ${result.final.status}${result.final.statusReason ? ` (${result.final.statusReason})` : ''}. Output files:\n${result.outputs.map(file => `  ${file.relativePath ?? file.name}  ${formatBytes(file.decryptedSize ?? 0)}  (id ${file.id})`).join('\n')}\n`);
				if (result.downloaded.length > 0) {
					output.stdout.write(`Downloaded ${result.downloaded.length} file(s) into ${flags.download}.\n`);
				}

				return 0;
			} catch (error) {
				if (!signal.aborted || !(error instanceof RescaleError) || error.kind !== 'cancelled') {
					throw error;
				}

				const inFlight = session.config.inFlightJob(plan.key);
				if (!inFlight) {
					output.stdout.write('Cancelled before a job was created; nothing runs on Rescale.\n');
				} else if (flags.stopOnExit) {
					await session.client.stopJob(inFlight.jobId);
					output.stdout.write(`Asked Rescale to stop job ${inFlight.jobId} (--stop-on-exit).\n`);
				} else {
					output.stdout.write(`The job keeps running on Rescale as job ${inFlight.jobId}. Run the same command again to follow it, or add --new to start another.\n`);
				}

				return 130;
			}
		});
	} finally {
		await session.close();
	}
}
