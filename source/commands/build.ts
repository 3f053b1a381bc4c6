import {prepareBuild} from '../image-build/plan.js';
import {imagesFolder, runBuild} from '../image-build/pipeline.js';
import {UserError} from '../errors.js';
import {withInterrupt} from './interrupt.js';
import type {Output} from './output.js';
import {formatBytes} from '../format.js';
import {eventPrinter} from './print-events.js';
import type {CommandFlags} from './run-command.js';
import {openSession, type SessionFlags} from '../platform/session.js';
import {confirmSubmission, reportInterruption} from './submission.js';

export type BuildFlags = SessionFlags & Pick<CommandFlags, 'yes' | 'fix' | 'force' | 'new' | 'stopOnExit' | 'name' | 'image' | 'context' | 'coretype' | 'cores' | 'walltime'>;

/** `build [PATH]`: validate, convert, plan, upload, build on Rescale, file the SIF. */
export async function buildCommand(target: string | undefined, flags: BuildFlags, output: Output): Promise<number> {
	const print = eventPrinter(output);
	if (flags.context !== undefined && !['auto', 'upload', 'git'].includes(flags.context)) {
		throw new UserError(`--context ${flags.context}: choose auto, upload or git`);
	}

	const session = await openSession(flags, print);
	try {
		const hardware = {coreType: flags.coretype ?? 'emerald', coresPerSlot: flags.cores ?? 2, walltime: flags.walltime ?? 2};
		const coretype = (await session.client.catalog.coretypes()).find(candidate => candidate.code === hardware.coreType);
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
		if (!await confirmSubmission(flags.yes, session, 'build job', output)) {
			return 1;
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
				return reportInterruption(error, signal, {session, planKey: plan.key, stopOnExit: flags.stopOnExit, output, again: `rescale-apptainer build ${target ?? '.'}${session.embeddedSandbox ? ' --sandbox' : ''}`});
			}
		});
	} finally {
		await session.close();
	}
}
