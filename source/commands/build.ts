import {contextView} from '../context/context-files.js';
import {deriveDefinition} from '../definition/derive-definition.js';
import {readDockerfile} from '../dockerfile/read-dockerfile.js';
import {UserError} from '../errors.js';
import {formatBytes} from '../format.js';
import {describeEarlierImage, earlierImage} from '../image-build/earlier-image.js';
import {imagesFolder, runBuild} from '../image-build/pipeline.js';
import {describeBuildPlan, keptDefNote, prepareBuild, type BuildSource} from '../image-build/plan.js';
import {defaultOutDir} from '../image-build/output-folder.js';
import {describeSmokeTestFailure} from '../image-build/smoke-test-failure.js';
import {buildHardwareDefaults, checkWalltime} from '../jobs/hardware.js';
import {openSession, type SessionFlags} from '../platform/session.js';
import type {CommandFlags} from './flags.js';
import {withInterrupt} from './interrupt.js';
import type {Output} from './output.js';
import {checkWritableTarget} from './output-paths.js';
import {rerunCommand} from './rerun-command.js';
import {eventPrinter} from './print-events.js';
import {confirmSubmission, reportInterruption} from './submission.js';

export type BuildFlags = SessionFlags & Pick<CommandFlags, 'yes' | 'fix' | 'force' | 'new' | 'rebuild' | 'stopOnExit' | 'name' | 'image' | 'context' | 'coretype' | 'cores' | 'walltime' | 'smokeTest' | 'lowPriority'>;

/** `build [PATH]`: validate, convert, plan, upload, build on Rescale, file the SIF. */
export async function buildCommand(target: string | undefined, flags: BuildFlags, output: Output): Promise<number> {
	const print = eventPrinter(output);
	if (flags.context !== undefined && !['auto', 'upload', 'git'].includes(flags.context)) {
		throw new UserError(`--context ${flags.context}: choose auto, upload or git`);
	}

	const walltime = flags.walltime ?? buildHardwareDefaults.walltime;
	checkWalltime(walltime);
	if (flags.out) {
		checkWritableTarget({flag: '--out', path: flags.out, kind: 'folder', nothingDone: 'nothing was submitted'});
	}

	const source = await buildSource(target, flags);
	const session = await openSession(flags, print);
	try {
		checkWalltime(walltime, (await session.client.users.me()).maxJobHours);
		const plan = await prepareBuild({
			source,
			name: flags.name,
			outDir: flags.out,
			contextMode: flags.context as 'auto' | 'upload' | 'git' | undefined,
			force: flags.force,
			hardware: {coretype: flags.coretype, cores: flags.cores, walltime: flags.walltime, lowPriority: flags.lowPriority},
			coretypes: await session.client.catalog.coretypes(),
			platform: session.platformId,
		});
		for (const fix of plan.fixes) {
			print({kind: 'notice', level: 'info', message: `--fix changed ${fix} (in the generated def only; the Dockerfile on disk is unchanged)`});
		}

		const earlier = flags.rebuild ? undefined : await earlierImage(session.client, session.config, plan, session.platformId);
		if (earlier && 'image' in earlier) {
			// A hand edit is not what was built, now as then: said, or the user takes the image for their edit.
			for (const line of keptDefNote(plan)) {
				print({kind: 'step', message: line});
			}

			output.stdout.write(`Built already, from this def and context: ${describeEarlierImage(earlier.image)}. Nothing was submitted; add --rebuild to build it again as a new job.\n${nextStep(earlier.image.sifName, session.embeddedSandbox)}`);
			return 0;
		}

		if (earlier) {
			print({kind: 'notice', level: 'warning', message: earlier.whyNewBuild});
		}

		for (const line of describeBuildPlan(plan)) {
			print({kind: 'step', message: line});
		}

		if (!await confirmSubmission(flags.yes, session, 'build job', output)) {
			return 1;
		}

		return await withInterrupt(async signal => {
			try {
				const result = await runBuild({plan, client: session.client, config: session.config, platform: session.platformId, projectId: session.project?.id, onEvent: print, signal, newJob: flags.new, pollMs: session.pollMs});
				if (result.status === 'succeeded') {
					output.stdout.write(`Built ${result.sif.name} (file id ${result.sif.id}, ${formatBytes(result.sif.decryptedSize ?? 0)}), ${result.filedIn ? `filed in ${result.filedIn} as an input file` : `an input file (not in ${imagesFolder})`}.\n${nextStep(result.sif.name, session.embeddedSandbox)}`);
					return 0;
				}

				const smokeTest = describeSmokeTestFailure(result.failedChecks, plan.findings, result.lastLines);
				output.stdout.write(`The build failed (job ${result.job}). Last lines of its log:\n${result.lastLines.map(line => `  | ${line}`).join('\n')}\n${smokeTest.length > 0 ? smokeTest.join('\n') : `Most likely: ${result.cause}`}\n`);
				return 1;
			} catch (error) {
				return reportInterruption(error, signal, {session, planKey: plan.key, stopOnExit: flags.stopOnExit, output, again: rerunCommand(process.argv.slice(2))});
			}
		});
	} finally {
		await session.close();
	}
}

/** An existing image (--image), or the Dockerfile at PATH and the def derived from it (--fix applied). */
async function buildSource(target: string | undefined, flags: BuildFlags): Promise<BuildSource> {
	if (flags.image) {
		return {image: flags.image};
	}

	const dockerfile = await readDockerfile(target ?? '.');
	const definition = deriveDefinition({text: dockerfile.text, context: contextView(dockerfile.contextDir, [flags.out ?? defaultOutDir]), fix: flags.fix, smokeTest: flags.smokeTest});
	return {dockerfile, definition};
}

/** The line after an image is ready, built now or earlier: how to run it. */
function nextStep(sifName: string, sandbox: boolean): string {
	return `Next: rescale-apptainer run --sif ${sifName} --coretype <GPU coretype>${sandbox ? ' --sandbox' : ''}\n`;
}
