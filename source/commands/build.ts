import {prepareBuild} from '../build/plan.js';
import {imagesFolder, runBuild} from '../build/pipeline.js';
import {UserError} from '../errors.js';
import {RescaleError} from '../rescale/errors.js';
import {confirm, withInterrupt} from './interrupt.js';
import type {Output} from './output.js';
import {eventPrinter, formatBytes} from './print-events.js';
import {openSession, type Session, type SessionFlags} from './session.js';

export type BuildFlags = SessionFlags & {
	yes: boolean;
	fix: boolean;
	force: boolean;
	new: boolean;
	stopOnExit: boolean;
	name: string | undefined;
	image: string | undefined;
	context: string | undefined;
	coretype: string | undefined;
	cores: number | undefined;
	walltime: number | undefined;
};

/** `build [PATH]`: validate, convert, plan, upload, build on Rescale, file the SIF. */
export async function buildCommand(target: string | undefined, flags: BuildFlags, output: Output): Promise<number> {
	const print = eventPrinter(output);
	if (flags.context !== undefined && !['auto', 'upload', 'git'].includes(flags.context)) {
		throw new UserError(`--context ${flags.context}: choose auto, upload or git`);
	}

	const session = await openSession(flags, print);
	try {
		const hardware = {coreType: flags.coretype ?? 'emerald', coresPerSlot: flags.cores ?? 2, walltime: flags.walltime ?? 2};
		const coretype = (await session.client.listCoretypes()).find(candidate => candidate.code === hardware.coreType);
		if (!coretype) {
			throw new UserError(`no coretype "${hardware.coreType}" on ${session.platform}`, {hint: 'Builds usually run on emerald (the default).'});
		}

		if (!coretype.cores.includes(hardware.coresPerSlot)) {
			throw new UserError(`${coretype.name} offers ${coretype.cores.join(', ')} cores per node, not ${hardware.coresPerSlot}`, {hint: `Pass --cores ${coretype.cores.find(cores => cores >= 2) ?? coretype.cores[0]}.`});
		}

		const plan = await prepareBuild({
			path: flags.image ? undefined : target ?? '.',
			image: flags.image,
			name: flags.name,
			outDir: flags.out,
			contextMode: flags.context as 'auto' | 'upload' | 'git' | undefined,
			fix: flags.fix,
			force: flags.force,
			hardware,
			platform: session.platformId,
		});
		for (const fix of plan.fixes) {
			print({kind: 'notice', level: 'info', message: `--fix changed ${fix} (in the generated def only; the Dockerfile on disk is unchanged)`});
		}

		const cost = coretype.price === undefined ? '' : `, at most $${(coretype.price * hardware.coresPerSlot * hardware.walltime).toFixed(2)} for the full walltime`;
		const context = plan.context.mode === 'upload'
			? `upload of ${plan.context.files} files (${formatBytes(plan.context.bytes)}, ${formatBytes(plan.context.archiveBytes)} packed), ${plan.context.why}`
			: plan.context.mode === 'git' ? `git: ${plan.context.why}` : plan.context.why;
		print({kind: 'step', message: `Plan: job "${plan.jobName}" on ${coretype.name} (${hardware.coreType}), ${hardware.coresPerSlot} cores, ${hardware.walltime} h walltime${cost}`});
		print({kind: 'step', message: `Context: ${context}`});
		print({kind: 'step', message: `Files: ${plan.defFile}, ${plan.scriptFile}`});
		if (!flags.yes && !session.embeddedSandbox) {
			const answer = await confirm('Submit the build job to Rescale? It is billed while it runs.');
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
				const result = await runBuild({plan, client: session.client, config: session.config, platform: session.platformId, onEvent: print, signal, newJob: flags.new, pollMs: session.pollMs});
				if (result.status === 'succeeded') {
					output.stdout.write(`Built ${result.sif.name} (file id ${result.sif.id}, ${formatBytes(result.sif.decryptedSize ?? 0)}), filed in ${imagesFolder} as an input file.\nNext: rescale-apptainer run --sif ${result.sif.name} --coretype <GPU coretype>${session.embeddedSandbox ? ' --sandbox' : ''}\n`);
					return 0;
				}

				output.stdout.write(`The build failed (job ${result.job}). Last lines of its log:\n${result.lastLines.map(line => `  | ${line}`).join('\n')}\nMost likely: ${result.cause}\n`);
				return 1;
			} catch (error) {
				return interrupted(error, signal, {flags, session, output, target, planKey: plan.key});
			}
		});
	} finally {
		await session.close();
	}
}

type Interruption = {flags: BuildFlags; session: Session; output: Output; target: string | undefined; planKey: string};

/** After Ctrl-C: say what runs on Rescale now and how to get back to it (or stop it). */
async function interrupted(error: unknown, signal: AbortSignal, {flags, session, output, target, planKey}: Interruption): Promise<number> {
	if (!signal.aborted || !(error instanceof RescaleError) || error.kind !== 'cancelled') {
		throw error;
	}

	const inFlight = session.config.inFlightJob(planKey);
	if (!inFlight) {
		output.stdout.write('Cancelled before a job was created; nothing runs on Rescale and the uploaded files were removed.\n');
		return 130;
	}

	if (flags.stopOnExit) {
		await session.client.stopJob(inFlight.jobId);
		output.stdout.write(`Asked Rescale to stop job ${inFlight.jobId} (--stop-on-exit).\n`);
		return 130;
	}

	output.stdout.write(`The build keeps running on Rescale as job ${inFlight.jobId}. Run the same command again to follow it (rescale-apptainer build ${target ?? '.'}${session.embeddedSandbox ? ' --sandbox' : ''}), or add --new to start another.\n`);
	return 130;
}
