import {runDoctorChecks} from '../platform/doctor.js';
import {openSession, type SessionFlags} from '../platform/session.js';
import type {CommandFlags} from './flags.js';
import type {Output} from './output.js';
import {eventPrinter} from './print-events.js';

export type DoctorFlags = SessionFlags & Pick<CommandFlags, 'json'>;

/** `doctor`: the read-only preflight, as lines with ✓/✗ and what to do, or as JSON. Exit 1 when a check fails. */
export async function doctorCommand(flags: DoctorFlags, output: Output): Promise<number> {
	const print = eventPrinter(flags.json ? {stdout: output.stderr, stderr: output.stderr} : output);
	const session = await openSession(flags, print);
	try {
		const checks = await runDoctorChecks(session);
		const ok = checks.every(check => check.ok);
		if (flags.json) {
			output.stdout.write(`${JSON.stringify({platform: session.label, ok, checks}, undefined, 2)}\n`);
		} else {
			output.stdout.write(`${checks.map(check => `${check.ok ? '✓' : '✗'} ${check.check}: ${check.detail}${check.todo ? `\n    what to do: ${check.todo}` : ''}`).join('\n')}\n${ok ? 'Ready: nothing missing for build and run.' : 'Fix the ✗ lines above before you build or run.'}\n`);
		}

		return ok ? 0 : 1;
	} finally {
		await session.close();
	}
}
