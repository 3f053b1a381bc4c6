import {UserError} from '../errors.js';
import {RescaleError} from '../rescale/errors.js';
import {confirm} from './interrupt.js';
import type {Output} from './output.js';
import type {Session} from '../platform/session.js';

/**
 * Asks before a paid job is submitted (not for the sandbox, nor with --yes). Off a terminal there is
 * no one to ask, so it refuses, the sandbox as Rescale: a script tried against the sandbox then
 * behaves the same against Rescale.
 */
export async function confirmSubmission(yes: boolean, session: Session, what: string, output: Output): Promise<boolean> {
	if (yes) {
		return true;
	}

	if (process.stdin.isTTY !== true) {
		throw new UserError(`not submitting ${session.embeddedSandbox ? `the ${what} to the sandbox` : 'a paid job'} without confirmation`, {
			hint: `Add --yes to submit from a script: there is no terminal to ask on${session.embeddedSandbox ? ', and Rescale would refuse the same' : ''}. Nothing was submitted.`,
		});
	}

	if (session.embeddedSandbox) {
		return true;
	}

	const answer = await confirm(`Submit the ${what} to Rescale? It is billed while it runs.`);
	if (!answer) {
		output.stdout.write('Not submitted.\n');
	}

	return answer;
}

/** After Ctrl-C: say what runs on the platform now and how to get back to it, or stop it. */
export async function reportInterruption(error: unknown, signal: AbortSignal, context: {session: Session; planKey: string; stopOnExit: boolean; again: string; output: Output}): Promise<number> {
	if (!signal.aborted || !(error instanceof RescaleError) || error.kind !== 'cancelled') {
		throw error;
	}

	const {session, output} = context;
	const platform = session.embeddedSandbox ? 'the sandbox' : 'Rescale';
	const there = session.embeddedSandbox ? 'in the sandbox' : 'on Rescale';
	const inFlight = session.config.inFlightJob(context.planKey);
	const pending = session.config.jobs.get(context.planKey);
	const inDoubt = pending?.pending ?? [];
	if (!inFlight && inDoubt.length > 0) {
		// An upload is only in doubt before the create request: the next run deletes what arrived.
		const names = inDoubt.map(upload => upload.name).join(', ');
		output.stdout.write(`Cancelled while uploading ${names}, before a job was created: nothing runs ${there}. The upload may have arrived all the same; run the same command again (${context.again}) and it deletes what this attempt left before it uploads afresh.\n`);
	} else if (!inFlight && pending) {
		output.stdout.write(`Cancelled while ${platform} was creating the job; it may exist. Run the same command again (${context.again}): it finds that job by its token and follows it, or deletes the ${pending.uploads.length} file(s) uploaded for it.\n`);
	} else if (!inFlight) {
		output.stdout.write(`Cancelled before a job was created; nothing runs ${there} and nothing uploaded was kept.\n`);
	} else if (context.stopOnExit) {
		await session.client.jobs.stop(inFlight.jobId);
		output.stdout.write(`Asked ${platform} to stop job ${inFlight.jobId} (--stop-on-exit).\n`);
	} else if (session.embeddedSandbox) {
		// The embedded sandbox closes with this process; its jobs play by the wall clock from their
		// submit (SandboxStore), so a restart finds the job where it would have got to meanwhile.
		output.stdout.write(`The sandbox stops with this command, but job ${inFlight.jobId} is kept in its state (${session.platformId.slice('sandbox:'.length)}) and plays on by the clock. Run the same command again to follow it where it has got to (${context.again}), or add --new to start another.\n`);
	} else {
		output.stdout.write(`The job keeps running on Rescale as job ${inFlight.jobId}. Run the same command again to follow it (${context.again}), or add --new to start another.\n`);
	}

	return 130;
}
