import {writeFileSync} from 'node:fs';
import wrapAnsi from 'wrap-ansi';
import {readDockerfile} from '../dockerfile/read-dockerfile.js';
import {defaultServices, type WizardFlags} from './default-services.js';
import type {WizardOutcome} from './app.js';
import type {PreFrame} from './pre-frame.js';
import {reportMarkdown, withEnding} from './report.js';

export type Streams = {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream};

/** Reads the Dockerfile, loads Ink and runs the wizard in place of the pre-frame; then says how it ended. */
export async function runWizard(target: string | undefined, flags: WizardFlags & {report: string | undefined}, output: Streams, preFrame: PreFrame): Promise<number> {
	let loaded;
	try {
		const dockerfile = await readDockerfile(target ?? '.');
		loaded = {services: defaultServices(dockerfile, flags), ...await importWithoutFetch(async () => import('./render-wizard.js'))};
	} catch (error) {
		preFrame.erase();
		throw error;
	}

	const {services, renderWizard} = loaded;
	preFrame.handOver();
	const outcome = await renderWizard(services);
	await outcome.session?.close();
	// Left while the sandbox was starting (Ctrl-C in step 3): its server would keep the process alive.
	await services.release();
	if (flags.report && outcome.report) {
		try {
			writeFileSync(flags.report, reportMarkdown(withEnding(outcome.report, {finished: outcome.finished, stopped: outcome.stopped, left: outcome.left, stopUnconfirmed: outcome.stopUnconfirmed, platform: outcome.session?.label})));
			output.stdout.write(`Wrote a record of this session to ${flags.report}.\n`);
		} catch (error) {
			// The session itself is over and said below; only its record is missing.
			output.stderr.write(`rescale-apptainer: could not write the record of this session to ${flags.report} (${(error as NodeJS.ErrnoException).code ?? String(error)}).\n`);
		}
	}

	const message = leaveMessage(outcome, flags.sandbox === true);
	if (message) {
		// Wrapped between words here: the terminal would break them wherever the width ends.
		output.stdout.write(`${wrapAnsi(message, process.stdout.columns || 80, {hard: true})}\n`);
	}

	return outcome.code;
}

/** What became of the job the user left, said after the wizard's last frame. */
export function leaveMessage(outcome: Pick<WizardOutcome, 'stopped' | 'left' | 'stopUnconfirmed' | 'session'>, sandbox: boolean): string | undefined {
	const platform = outcome.session?.label ?? 'Rescale';
	const again = `Start the wizard again with the same Dockerfile${sandbox ? ' and --sandbox' : ''}`;
	if (outcome.stopped) {
		return `Asked ${platform} to stop job ${outcome.stopped}.`;
	}

	if (outcome.left && outcome.stopUnconfirmed) {
		return `Job ${outcome.left} may still be running on ${platform}: it was asked to stop, but the wizard left before ${platform} confirmed it. ${again} to see how it stands and follow it, or check it on ${platform}'s Jobs page.`;
	}

	return outcome.left ? `Job ${outcome.left} keeps running on ${platform}. ${again} to follow it.` : undefined;
}

/**
 * Yoga, Ink's layout engine, loads its embedded wasm through fetch() whenever fetch exists, and on
 * Node the first fetch() loads Node's whole HTTP client (undici) to read a data: URL: ~40 ms before
 * the first frame. Without fetch it decodes the same bytes itself. Nothing else runs meanwhile, and
 * fetch is back as soon as Ink is loaded.
 */
async function importWithoutFetch<T>(load: () => Promise<T>): Promise<T> {
	const fetchProperty = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	delete (globalThis as {fetch?: unknown}).fetch;
	try {
		return await load();
	} finally {
		if (fetchProperty) {
			Object.defineProperty(globalThis, 'fetch', fetchProperty);
		}
	}
}
